using System.ComponentModel.DataAnnotations;

namespace TraceGrains.Grains;

/// <summary>How long an idle trace stays in memory. Section <c>TraceGrains:Activation</c>.</summary>
public sealed class TraceActivationOptions
{
    public const string Section = "TraceGrains:Activation";

    /// <summary>
    /// A trace with no call for this long deactivates (checkpointing first) and its memory is freed;
    /// the next call loads it from storage.
    /// </summary>
    [Range(10, 24 * 3600)] public int IdleSeconds { get; set; } = 120;
}
