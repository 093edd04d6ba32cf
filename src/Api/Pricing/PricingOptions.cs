namespace TraceGrains.Api.Pricing;

/// <summary>Section <c>TraceGrains:Pricing</c>.</summary>
public sealed class PricingOptions
{
    public const string Section = "TraceGrains:Pricing";

    /// <summary>
    /// A pricing file in the shipped format whose rows take precedence over the shipped table
    /// (<c>Pricing/pricing.json</c>); for negotiated prices or models the table lacks.
    /// </summary>
    public string? OverrideFile { get; set; }
}
