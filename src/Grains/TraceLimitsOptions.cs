using System.ComponentModel.DataAnnotations;

namespace TraceGrains.Grains;

/// <summary>Per-trace bounds. Section <c>TraceGrains:Limits</c>; what exceeds them is refused and counted.</summary>
public sealed class TraceLimitsOptions
{
    public const string Section = "TraceGrains:Limits";

    [Range(1, 1_000_000)] public int MaxSpansPerTrace { get; set; } = 10_000;
    [Range(0, 10_000)] public int MaxAttributesPerSpan { get; set; } = 128;
    /// <summary>
    /// UTF-8 bytes of one attribute or metadata value (prompts and answers are attributes), and
    /// likewise of a map key and of a span's name, kind, status message, service, provider and model.
    /// </summary>
    [Range(16, 16 * 1024 * 1024)] public int MaxAttributeValueBytes { get; set; } = 64 * 1024;
    [Range(0, 10_000)] public int MaxMetadataEntries { get; set; } = 64;
    [Range(0, 100_000)] public int MaxFeedbackPerTrace { get; set; } = 1_000;
}
