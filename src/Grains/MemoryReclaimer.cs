using System.ComponentModel.DataAnnotations;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TraceGrains.Grains;

/// <summary>When the silo gives freed memory back to the system. Section <c>TraceGrains:Memory</c>.</summary>
public sealed class MemoryOptions
{
    public const string Section = "TraceGrains:Memory";

    /// <summary>Off: memory freed by deactivated traces stays committed to the process for reuse.</summary>
    public bool ReclaimAfterDeactivation { get; set; } = true;
    /// <summary>How often the held spans and the committed memory are looked at.</summary>
    [Range(1, 3600)] public int CheckSeconds { get; set; } = 10;
    /// <summary>Reclaim once the spans held have fallen by this share of their peak since the last reclaim.</summary>
    [Range(0.05, 1.0)] public double MinDropFraction { get; set; } = 0.5;
    /// <summary>...and the GC holds at least this much committed memory beyond the live heap.</summary>
    [Range(1, 1L << 40)] public long MinSlackBytes { get; set; } = 64L * 1024 * 1024;
    /// <summary>At most one reclaim per this many seconds (each is a blocking, compacting collection).</summary>
    [Range(1, 24 * 3600)] public int MinIntervalSeconds { get; set; } = 30;
}

/// <summary>
/// Gives memory back after traces deactivate. Server GC keeps the memory that deactivated traces
/// freed committed to the process, so without this the working set stays at its peak long after
/// the traces left. When the spans held have fallen well below their peak and the GC holds much
/// more than the live heap, one aggressive collection compacts the heap and decommits the rest.
/// </summary>
public sealed partial class MemoryReclaimer(
    IOptions<MemoryOptions> options,
    TimeProvider time,
    ILogger<MemoryReclaimer> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly Counter<long> Reclaims = IngestMetrics.Meter.CreateCounter<long>("tracegrains.memory.reclaims");
    private static long _reclaims;
    private readonly BackgroundLoop _loop = new();
    private long _peakSpans;
    private DateTimeOffset _lastReclaim = DateTimeOffset.MinValue;

    /// <summary>Reclaims done by this process.</summary>
    public static long ReclaimsTotal => Interlocked.Read(ref _reclaims);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(MemoryReclaimer), ServiceLifecycleStage.Active, Start, StopAsync);

    private Task Start(CancellationToken _)
    {
        var o = options.Value;
        if (o.ReclaimAfterDeactivation)
        {
            _loop.Start(stop => BackgroundLoop.EveryAsync(TimeSpan.FromSeconds(o.CheckSeconds), time, () =>
            {
                Check(o, IngestMetrics.ActiveSpans, time.GetUtcNow());
                return Task.CompletedTask;
            }, stop));
        }
        return Task.CompletedTask;
    }

    private Task StopAsync(CancellationToken _) => _loop.StopAsync();

    /// <summary>One look: reclaims when the held spans fell far enough and enough memory is spare.</summary>
    internal bool Check(MemoryOptions o, long spans, DateTimeOffset now)
    {
        _peakSpans = Math.Max(_peakSpans, spans);
        if (_peakSpans == 0 || spans > _peakSpans * (1 - o.MinDropFraction)) return false;
        if (now - _lastReclaim < TimeSpan.FromSeconds(o.MinIntervalSeconds)) return false;
        var info = GC.GetGCMemoryInfo();
        if (info.TotalCommittedBytes - info.HeapSizeBytes < o.MinSlackBytes) return false;

        var before = info.TotalCommittedBytes;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        _lastReclaim = now;
        _peakSpans = spans;
        Interlocked.Increment(ref _reclaims);
        Reclaims.Add(1);
        LogReclaimed(logger, spans, before >> 20, GC.GetGCMemoryInfo().TotalCommittedBytes >> 20);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Memory reclaimed after deactivations: {Spans} spans held, GC committed {BeforeMb} MB -> {AfterMb} MB")]
    private static partial void LogReclaimed(ILogger logger, long spans, long beforeMb, long afterMb);
}
