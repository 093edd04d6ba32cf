using TraceGrains.Api.Hosting;
using TraceGrains.Api.V1;

using Google.Protobuf;
using TraceGrains.Api.Errors;

namespace TraceGrains.Api.Query;

/// <summary>
/// Reads one trace of the caller's workspace for both the gRPC service and its JSON mirror. The
/// grain key holds the workspace, so another workspace's trace is simply not there: the answer is
/// the same null (NOT_FOUND) as for a trace that never existed.
/// </summary>
public sealed class TraceReader(IGrainFactory grains, ApiOptions options, EncodedAnswers encoded)
{
    /// <summary>The trace, or null when it has no spans; throws <see cref="FieldException"/> for a bad id.</summary>
    public async Task<GetTraceResponse?> GetTraceAsync(string workspaceId, string traceId) =>
        await Grain(workspaceId, traceId).GetTraceAsync() is { } details ? TraceMapper.ToResponse(details) : null;

    /// <summary>
    /// The trace as the encoded <see cref="GetTraceResponse"/> the gRPC call sends, or null when it has no
    /// spans. Repeated reads of an unchanged trace reuse the bytes (<see cref="EncodedAnswers"/>).
    /// </summary>
    public async Task<EncodedMessage?> GetEncodedTraceAsync(string workspaceId, string traceId) =>
        await Grain(workspaceId, traceId).GetTraceAsync() is { } details
            ? new EncodedMessage(encoded.GetOrEncode(details, TraceAnswerEncoder.Encode))
            : null;

    public async Task<V1.TraceSummary?> GetSummaryAsync(string workspaceId, string traceId) =>
        await Grain(workspaceId, traceId).GetSummaryAsync() is { } summary ? TraceMapper.ToSummary(summary) : null;

    public async Task<ListFeedbackResponse?> ListFeedbackAsync(string workspaceId, string traceId)
    {
        if (await Grain(workspaceId, traceId).GetTraceAsync() is not { } details) return null;
        var response = new ListFeedbackResponse();
        response.Feedback.AddRange(details.Feedback.Select(TraceMapper.ToFeedback));
        return response;
    }

    public ITraceGrain Grain(string workspaceId, string traceId)
    {
        Limits.IdCheck.Require(traceId, "trace_id", options.MaxIdLength);
        return grains.Trace(workspaceId, traceId);
    }
}
