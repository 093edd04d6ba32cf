using System.Text.RegularExpressions;

namespace TraceGrains.Api.Pricing;

/// <summary>One row of the pricing table: a model name or a name pattern, and its prices.</summary>
public sealed record ModelPrice(
    string? Provider,
    string? Model,
    Regex? Pattern,
    decimal InputPerMillion,
    decimal OutputPerMillion,
    DateTimeOffset? EffectiveFrom)
{
    public bool Matches(string model) => Model is not null
        ? string.Equals(Model, model, StringComparison.OrdinalIgnoreCase)
        : Pattern!.IsMatch(model);

    public decimal Cost(long inputTokens, long outputTokens) =>
        (inputTokens * InputPerMillion + outputTokens * OutputPerMillion) / 1_000_000m;
}
