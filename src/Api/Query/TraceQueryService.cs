using Grpc.Core;
using TraceGrains.Api.V1;

namespace TraceGrains.Api.Query;

public sealed class TraceQueryService(TraceReader reader) : TraceQuery.TraceQueryBase
{
    public override async Task<GetTraceResponse> GetTrace(GetTraceRequest request, ServerCallContext context)
    {
        try
        {
            return await reader.GetTraceAsync(request.TraceId)
                ?? throw new RpcException(new Status(StatusCode.NotFound, $"trace_id: no trace '{request.TraceId}'"));
        }
        catch (ArgumentException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }
    }
}
