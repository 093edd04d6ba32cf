using System.Collections.Immutable;

namespace TraceGrains;

/// <summary>
/// One span as every ingestion door (Portkey logs, OTLP) normalises it. Fields that a sender did not
/// give are null; a later copy of the same span id fills them in.
/// </summary>
/// <param name="TraceId">The trace the span belongs to.</param>
/// <param name="SpanId">Unique within the trace.</param>
/// <param name="ParentSpanId">Null for a root span.</param>
/// <param name="Name">Operation name, for example "chat.completions".</param>
/// <param name="Kind">OpenInference or OTel kind (LLM, CHAIN, TOOL, SERVER, ...).</param>
/// <param name="StartTime">When the span started.</param>
/// <param name="EndTime">When the span ended.</param>
/// <param name="Status">Ok, error or unset.</param>
/// <param name="StatusMessage">Error message, when the span failed.</param>
/// <param name="Service">The emitting service (OTel service.name).</param>
/// <param name="Provider">Model provider, for example "openai".</param>
/// <param name="Model">Model name, for example "gpt-4o-mini".</param>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Completion tokens.</param>
/// <param name="TotalTokens">Total tokens.</param>
/// <param name="CostUsd">Cost in US dollars.</param>
/// <param name="CostSource">Where <paramref name="CostUsd"/> came from.</param>
/// <param name="Metadata">User, organisation, environment and any other key.</param>
/// <param name="Attributes">Everything else the sender attached, bounded by the attribute limits.</param>
[GenerateSerializer, Immutable, Alias("tg.span")]
public sealed record SpanRecord(
    [property: Id(0)] string TraceId,
    [property: Id(1)] string SpanId,
    [property: Id(2)] string? ParentSpanId,
    [property: Id(3)] string? Name,
    [property: Id(4)] string? Kind,
    [property: Id(5)] DateTimeOffset? StartTime,
    [property: Id(6)] DateTimeOffset? EndTime,
    [property: Id(7)] SpanStatus Status,
    [property: Id(8)] string? StatusMessage,
    [property: Id(9)] string? Service,
    [property: Id(10)] string? Provider,
    [property: Id(11)] string? Model,
    [property: Id(12)] long? InputTokens,
    [property: Id(13)] long? OutputTokens,
    [property: Id(14)] long? TotalTokens,
    [property: Id(15)] decimal? CostUsd,
    [property: Id(16)] CostSource CostSource,
    [property: Id(17)] ImmutableDictionary<string, string> Metadata,
    [property: Id(18)] ImmutableDictionary<string, string> Attributes)
{
    /// <summary>Duration in milliseconds, when both ends are known.</summary>
    public double? DurationMs => StartTime is { } s && EndTime is { } e ? (e - s).TotalMilliseconds : null;
}
