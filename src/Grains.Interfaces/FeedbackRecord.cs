using System.Collections.Immutable;

namespace TraceGrains;

/// <summary>One piece of user feedback on a trace (Portkey's Feedback API).</summary>
/// <param name="Id">UUID given when the feedback was created.</param>
/// <param name="Value">Integer score from -10 to 10.</param>
/// <param name="Weight">From 0 to 1; the summary's score is the weighted mean.</param>
/// <param name="Metadata">Free-form string map.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it was last changed.</param>
[GenerateSerializer, Immutable, Alias("tg.feedback")]
public sealed record FeedbackRecord(
    [property: Id(0)] Guid Id,
    [property: Id(1)] int Value,
    [property: Id(2)] double Weight,
    [property: Id(3)] ImmutableDictionary<string, string> Metadata,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset UpdatedAt)
{
    public const int MinValue = -10;
    public const int MaxValue = 10;
}
