namespace TraceGrains.Bench.LoadGen;

/// <summary>
/// One span the generator will send, independent of the wire format. Ids are lower-case hex (32 and
/// 16 characters), valid as OTLP ids and as Portkey metadata ids alike. Tokens are null where the
/// span carries none (non-LLM spans, failed calls).
/// </summary>
internal sealed record PlannedSpan(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    string Kind,
    string Service,
    LlmModel? Model,
    long? InputTokens,
    long? OutputTokens,
    bool IsError,
    DateTimeOffset Start,
    double DurationMs,
    string User,
    string Session)
{
    public long TotalTokens => (InputTokens ?? 0) + (OutputTokens ?? 0);
}
