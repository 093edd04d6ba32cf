using TraceGrains.Api.Hosting;
using TraceGrains.Api.V1;

namespace TraceGrains.Api.Query;

/// <summary>Reads one trace for both the gRPC service and its JSON mirror.</summary>
public sealed class TraceReader(IGrainFactory grains, ApiOptions options)
{
    /// <summary>The trace, or null when it has no spans; throws <see cref="ArgumentException"/> for a bad id.</summary>
    public async Task<GetTraceResponse?> GetTraceAsync(string traceId)
    {
        if (!IdRules.IsValid(traceId)) throw new ArgumentException($"trace_id: must be {IdRules.Description}");
        var grain = grains.GetGrain<ITraceGrain>(new TraceKey(options.DefaultWorkspace, traceId).GrainKey);
        return await grain.GetTraceAsync() is { } details ? TraceMapper.ToResponse(details) : null;
    }
}
