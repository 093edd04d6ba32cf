using TraceGrains.Api.Hosting;
using TraceGrains.Api.V1;

using TraceGrains.Api.Errors;

namespace TraceGrains.Api.Query;

/// <summary>Reads one trace for both the gRPC service and its JSON mirror.</summary>
public sealed class TraceReader(IGrainFactory grains, ApiOptions options)
{
    /// <summary>The trace, or null when it has no spans; throws <see cref="FieldException"/> for a bad id.</summary>
    public async Task<GetTraceResponse?> GetTraceAsync(string traceId) =>
        await Grain(traceId).GetTraceAsync() is { } details ? TraceMapper.ToResponse(details) : null;

    public async Task<V1.TraceSummary?> GetSummaryAsync(string traceId) =>
        await Grain(traceId).GetSummaryAsync() is { } summary ? TraceMapper.ToSummary(summary) : null;

    public async Task<ListFeedbackResponse?> ListFeedbackAsync(string traceId)
    {
        if (await Grain(traceId).GetTraceAsync() is not { } details) return null;
        var response = new ListFeedbackResponse();
        response.Feedback.AddRange(details.Feedback.Select(TraceMapper.ToFeedback));
        return response;
    }

    public ITraceGrain Grain(string traceId)
    {
        if (!IdRules.IsValid(traceId)) throw new FieldException("trace_id", $"must be {IdRules.Description}");
        return grains.GetGrain<ITraceGrain>(new TraceKey(options.DefaultWorkspace, traceId).GrainKey);
    }
}
