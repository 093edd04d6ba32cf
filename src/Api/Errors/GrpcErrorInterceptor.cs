using Grpc.Core;
using Grpc.Core.Interceptors;

namespace TraceGrains.Api.Errors;

/// <summary>
/// Client mistakes become INVALID_ARGUMENT naming the field, a full node RESOURCE_EXHAUSTED, and
/// transient cluster or storage failures UNAVAILABLE, which gRPC clients retry.
/// </summary>
public sealed class GrpcErrorInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (FieldException e)
        {
            Hosting.ApiMetrics.RequestRefused(StatusCodes.Status400BadRequest, e.Field);
            if (e.Limit is { } limit) Hosting.ApiMetrics.LimitExceeded(limit, Auth.CallerExtensions.WorkspaceIdOrNull(context.GetHttpContext()));
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }
        catch (Ingest.IngestOverloadedException e)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, e.Message));
        }
        catch (Exception e) when (e is not RpcException && TransientFailures.IsTransient(e))
        {
            throw Unavailable();
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (FieldException e)
        {
            Hosting.ApiMetrics.RequestRefused(StatusCodes.Status400BadRequest, e.Field);
            if (e.Limit is { } limit) Hosting.ApiMetrics.LimitExceeded(limit, Auth.CallerExtensions.WorkspaceIdOrNull(context.GetHttpContext()));
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }
        catch (Exception e) when (e is not RpcException && TransientFailures.IsTransient(e))
        {
            throw Unavailable();
        }
    }

    private static RpcException Unavailable() =>
        new(new Status(StatusCode.Unavailable, "The trace store is temporarily unavailable; retry."));
}
