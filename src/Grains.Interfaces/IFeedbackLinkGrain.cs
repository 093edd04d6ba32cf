namespace TraceGrains;

/// <summary>
/// Remembers which trace a feedback id belongs to, because Portkey's <c>PUT /v1/feedback/{id}</c>
/// names only the feedback. Keyed by <c>workspace/feedbackId</c>.
/// </summary>
[Alias("tg.IFeedbackLinkGrain")]
public interface IFeedbackLinkGrain : IGrainWithStringKey
{
    /// <summary>Records the trace id durably; linking the same trace again is a no-op.</summary>
    [Alias("Link")]
    Task LinkAsync(string traceId);

    /// <summary>The linked trace id, or null.</summary>
    [Alias("GetTraceId")]
    Task<string?> GetTraceIdAsync();
}
