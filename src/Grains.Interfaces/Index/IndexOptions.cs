using System.ComponentModel.DataAnnotations;

namespace TraceGrains.Index;

/// <summary>
/// The trace index. Section <c>TraceGrains:Index</c>; silos and API nodes must agree on the bucket
/// size and shard count.
/// </summary>
public sealed class IndexOptions
{
    public const string Section = "TraceGrains:Index";

    /// <summary>Width of a time bucket.</summary>
    [Range(1, 24 * 60)] public int BucketMinutes { get; set; } = 60;
    /// <summary>Partitions per bucket.</summary>
    [Range(1, 1024)] public int Shards { get; set; } = 8;
    /// <summary>
    /// How much earlier than its index time a trace may start (its root span arriving after its
    /// children) and still be found by windows that end before the index time.
    /// </summary>
    [Range(0, 7 * 24 * 60)] public int LateStartSlackMinutes { get; set; } = 60;
    /// <summary>
    /// How often a silo sends the index entries its traces posted (a trace's changes in between
    /// coalesce; each partition gets one call per round).
    /// </summary>
    [Range(1, 60_000)] public int UpdateDelayMs { get; set; } = 250;
    /// <summary>Index entries a silo holds while they wait to be sent; past it, new ones are dropped and counted (a rebuild restores them).</summary>
    [Range(1, 10_000_000)] public int MaxPendingEntries { get; set; } = 200_000;
    /// <summary>How often a partition with changes writes itself to storage.</summary>
    [Range(1, 3600)] public int FlushSeconds { get; set; } = 5;
    /// <summary>How long a list cursor stays valid (partitions keep entry versions that long).</summary>
    [Range(1, 24 * 60)] public int CursorTtlMinutes { get; set; } = 15;
    /// <summary>Widest window a list may ask for.</summary>
    [Range(1, 3660)] public int MaxWindowDays { get; set; } = 31;

    public TimeSpan BucketSize => TimeSpan.FromMinutes(BucketMinutes);
    public TimeSpan Slack => TimeSpan.FromMinutes(LateStartSlackMinutes);
}
