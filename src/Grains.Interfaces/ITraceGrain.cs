using System.Collections.Immutable;

namespace TraceGrains;

/// <summary>
/// One trace, keyed by <see cref="TraceKey.GrainKey"/> (workspace/traceId). Keeps the span tree,
/// aggregates and feedback, and answers only after what it accepted is durable.
/// </summary>
[Alias("tg.ITraceGrain")]
public interface ITraceGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds a batch of spans of this trace. A span id seen before merges into the same node.
    /// Returns once every accepted span is durable; refused spans are listed with their reason.
    /// </summary>
    [Alias("AddSpans")]
    Task<AddSpansResult> AddSpansAsync(ImmutableArray<SpanRecord> spans);

    /// <summary>The whole trace, or null when it has no spans.</summary>
    [Alias("GetTrace")]
    Task<TraceDetails?> GetTraceAsync();

    /// <summary>The summary only, or null when the trace has no spans.</summary>
    [Alias("GetSummary")]
    Task<TraceSummary?> GetSummaryAsync();

    /// <summary>Adds feedback (its id chosen by the caller, so a retry cannot add it twice).</summary>
    [Alias("AddFeedback")]
    Task<FeedbackOutcome> AddFeedbackAsync(FeedbackRecord feedback);

    /// <summary>Changes existing feedback.</summary>
    [Alias("UpdateFeedback")]
    Task<FeedbackOutcome> UpdateFeedbackAsync(FeedbackUpdate update);

    /// <summary>
    /// Everything changed after <paramref name="sinceVersion"/> of activation <paramref name="epoch"/>
    /// (everything, for another or no epoch); when nothing has, waits up to <paramref name="maxWait"/>
    /// for a durable change. Summary is null while the trace has no spans.
    /// </summary>
    [Alias("Watch")]
    Task<TraceChanges> WatchAsync(string? epoch, long sinceVersion, TimeSpan maxWait);

    /// <summary>Sends the trace's entry to the index again (index rebuild).</summary>
    [Alias("Reindex")]
    Task ReindexAsync();
}
