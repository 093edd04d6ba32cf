using System.ComponentModel.DataAnnotations;

namespace TraceGrains.Grains.Wal;

/// <summary>
/// The silo's shared write-ahead log: one append acknowledges the writes of many traces at once.
/// Section <c>TraceGrains:Wal</c>.
/// </summary>
public sealed class WalOptions
{
    public const string Section = "TraceGrains:Wal";

    /// <summary>Most bytes in one append (an append block); Azure takes up to 4 MiB on every API version.</summary>
    [Range(16 * 1024, 4 * 1024 * 1024)] public int MaxAppendBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Appends in flight at once. One is enough to batch; a second starts only behind a backlog.</summary>
    [Range(1, 16)] public int MaxConcurrentAppends { get; set; } = 2;

    /// <summary>Queued bytes that justify a second concurrent append rather than waiting for the first.</summary>
    [Range(0, 64 * 1024 * 1024)] public int ParallelAppendMinBytes { get; set; } = 256 * 1024;

    /// <summary>Bytes waiting for an append before new writes are refused as overload (retryable).</summary>
    [Range(1024 * 1024, 1024L * 1024 * 1024)] public long MaxQueuedBytes { get; set; } = 128 * 1024 * 1024;

    /// <summary>
    /// A segment is sealed after this long; traces with records in it then checkpoint to their own
    /// storage and the segment is deleted. Bounds both replay time after a crash and log size.
    /// </summary>
    [Range(1, 3600)] public int SegmentMaxAgeSeconds { get; set; } = 30;

    /// <summary>Bytes after which a segment is sealed early.</summary>
    [Range(1024 * 1024, 64L * 1024 * 1024 * 1024)] public long SegmentMaxBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Appends after which a segment is sealed (an append blob takes 50,000 blocks).</summary>
    [Range(10, 49_000)] public int SegmentMaxAppends { get; set; } = 40_000;

    /// <summary>A trace checkpoints by itself once it has this many bytes in the log since its last checkpoint.</summary>
    [Range(1024, 64 * 1024 * 1024)] public int TraceCheckpointBytes { get; set; } = 512 * 1024;

    /// <summary>
    /// Checkpoint writes in flight at once on a silo. Bounds the storm when a segment is sealed or a
    /// silo shuts down and every trace checkpoints together. Storage serves requests in turn, so
    /// checkpoints past a few only queue there ahead of the log appends that acknowledgements wait
    /// for: with 32, OTLP p99 was 236-341 ms; with 8, 199-220 ms (docs/BENCHMARKS.md).
    /// </summary>
    [Range(1, 1024)] public int MaxConcurrentCheckpoints { get; set; } = 8;

    /// <summary>
    /// Retiring a sealed segment asks every trace with records in it to checkpoint. Those requests are
    /// spread evenly over this fraction of <see cref="SegmentMaxAgeSeconds"/> rather than sent at once,
    /// so that the storage requests of a seal come as a steady trickle beside the log appends instead
    /// of a storm that stalls them every segment (0 = all at once).
    /// </summary>
    [Range(0.0, 1.0)] public double RetireSpreadFraction { get; set; } = 0.5;

    /// <summary>How often sealed segments are checked for retirement.</summary>
    [Range(50, 60_000)] public int RetireIntervalMs { get; set; } = 1_000;

    /// <summary>How often the log folders of dead silos are looked for and replayed.</summary>
    [Range(1, 3600)] public int RecoveryIntervalSeconds { get; set; } = 2;

    /// <summary>
    /// Brotli quality of log appends, 1 (fastest) to 11; 0 writes them uncompressed. Segments may mix
    /// both forms, so this can change between restarts.
    /// </summary>
    [Range(0, 11)] public int CompressionQuality { get; set; } = 1;

    /// <summary>Checkpoint or replay calls to trace grains in flight at once while retiring or recovering.</summary>
    [Range(1, 1024)] public int MaxConcurrentGrainCalls { get; set; } = 32;
}
