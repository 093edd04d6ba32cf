using System.Collections.Immutable;

namespace TraceGrains;

/// <summary>A change to existing feedback; null fields stay as they were.</summary>
[GenerateSerializer, Immutable, Alias("tg.feedback-update")]
public sealed record FeedbackUpdate(
    [property: Id(0)] Guid Id,
    [property: Id(1)] int? Value,
    [property: Id(2)] double? Weight,
    [property: Id(3)] ImmutableDictionary<string, string>? Metadata);
