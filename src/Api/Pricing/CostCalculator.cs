using Microsoft.Extensions.Options;

namespace TraceGrains.Api.Pricing;

/// <summary>
/// Fills in the cost of spans that have tokens and a model but no cost. A cost the sender gave always
/// wins and is never touched; a model missing from the table leaves the cost unknown.
/// </summary>
public sealed class CostCalculator(PricingTable table)
{
    public PricingTable Table { get; } = table;

    /// <summary>The shipped table, with the configured override file's rows first.</summary>
    public static CostCalculator FromConfiguration(IOptions<PricingOptions> options, IHostEnvironment environment)
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "Pricing", "pricing.json");
        var files = options.Value.OverrideFile is { Length: > 0 } overrides
            ? new[] { Path.GetFullPath(overrides, environment.ContentRootPath), shipped }
            : [shipped];
        return new CostCalculator(PricingTable.Load(files));
    }

    public SpanRecord Apply(SpanRecord span)
    {
        if (span.CostUsd is not null || span.Model is null || span.InputTokens is null && span.OutputTokens is null) return span;
        var at = span.StartTime ?? span.EndTime ?? DateTimeOffset.UtcNow;
        if (Table.Find(span.Model, at) is not { } price) return span;
        return span with
        {
            CostUsd = price.Cost(span.InputTokens ?? 0, span.OutputTokens ?? 0),
            CostSource = CostSource.Computed,
        };
    }
}
