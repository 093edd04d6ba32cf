using System.Collections.Immutable;

namespace TraceGrains;

/// <summary>Answer to <see cref="ITraceGrain.AddSpansAsync"/>: accepted spans are durable.</summary>
/// <param name="Accepted">How many spans of the batch were accepted (new or merged).</param>
/// <param name="Rejected">One entry for every refused span.</param>
[GenerateSerializer, Immutable, Alias("tg.add-spans-result")]
public sealed record AddSpansResult(
    [property: Id(0)] int Accepted,
    [property: Id(1)] ImmutableArray<SpanRejection> Rejected);
