using System.ComponentModel.DataAnnotations;

namespace TraceGrains.Api.Limits;

/// <summary>
/// Requests per workspace per API node, as a token bucket. Section <c>TraceGrains:RateLimit</c>.
/// Each node counts on its own, so a cluster of N nodes admits up to N times this.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "TraceGrains:RateLimit";

    /// <summary>Requests a workspace may make per second, sustained.</summary>
    [Range(1, 10_000_000)] public int PermitsPerSecond { get; set; } = 10_000;

    /// <summary>Requests a workspace may make at once after a quiet spell (the bucket's size).</summary>
    [Range(1, 10_000_000)] public int Burst { get; set; } = 20_000;
}
