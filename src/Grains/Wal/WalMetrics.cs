using System.Diagnostics.Metrics;

namespace TraceGrains.Grains.Wal;

/// <summary>Counters of the shared log, with running totals that stats and benchmarks read.</summary>
public static class WalMetrics
{
    public static readonly Meter Meter = new("TraceGrains.Wal");
    private static readonly Counter<long> AppendsCounter = Meter.CreateCounter<long>("tracegrains.wal.appends");
    private static readonly Counter<long> RecordsCounter = Meter.CreateCounter<long>("tracegrains.wal.records");
    private static readonly Counter<long> BytesCounter = Meter.CreateCounter<long>("tracegrains.wal.bytes", "By");
    private static readonly Counter<long> FailuresCounter = Meter.CreateCounter<long>("tracegrains.wal.append_failures");
    private static readonly Counter<long> RefusedCounter = Meter.CreateCounter<long>("tracegrains.wal.refused");
    private static readonly Counter<long> RetiredCounter = Meter.CreateCounter<long>("tracegrains.wal.segments_retired");
    private static readonly Counter<long> ReplayedCounter = Meter.CreateCounter<long>("tracegrains.wal.records_replayed");
    private static readonly Histogram<double> AppendDuration = Meter.CreateHistogram<double>("tracegrains.wal.append_duration", "ms");
    private static long _appends, _records, _bytes, _replayed, _retired, _appendTicks;

    public static long Appends => Interlocked.Read(ref _appends);
    public static long Records => Interlocked.Read(ref _records);
    public static long Bytes => Interlocked.Read(ref _bytes);
    public static long Replayed => Interlocked.Read(ref _replayed);
    public static long Retired => Interlocked.Read(ref _retired);
    /// <summary>Mean time of a successful append, from sending it to its answer.</summary>
    public static double MeanAppendMs => Appends == 0 ? 0 : TimeSpan.FromTicks(Interlocked.Read(ref _appendTicks)).TotalMilliseconds / Appends;

    public static void Appended(int records, int bytes, TimeSpan took)
    {
        Interlocked.Add(ref _appendTicks, took.Ticks);
        AppendDuration.Record(took.TotalMilliseconds);
        Interlocked.Increment(ref _appends);
        Interlocked.Add(ref _records, records);
        Interlocked.Add(ref _bytes, bytes);
        AppendsCounter.Add(1);
        RecordsCounter.Add(records);
        BytesCounter.Add(bytes);
    }

    public static void AppendFailed() => FailuresCounter.Add(1);
    public static void Refused() => RefusedCounter.Add(1);

    public static void SegmentRetired()
    {
        Interlocked.Increment(ref _retired);
        RetiredCounter.Add(1);
    }

    public static void RecordsReplayed(int records)
    {
        Interlocked.Add(ref _replayed, records);
        ReplayedCounter.Add(records);
    }
}
