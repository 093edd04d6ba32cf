using System.Numerics;

namespace TraceGrains.Bench.LoadGen;

/// <summary>
/// Latencies in microseconds, log-linear buckets (128 per power of two, so any percentile is within
/// 0.8 % of the true value) and the exact maximum. Lock-free; safe to read while others record.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBits = 7;
    private const int Sub = 1 << SubBits;
    private const long Largest = (1L << 41) - 1; // about 25 days in microseconds
    private readonly long[] _counts = new long[2 * Sub + 33 * Sub];
    private long _count, _max;

    public long Count => Interlocked.Read(ref _count);
    public double MaxMs => Interlocked.Read(ref _max) / 1000.0;

    public void Record(TimeSpan elapsed)
    {
        var us = Math.Clamp((long)elapsed.TotalMicroseconds, 0, Largest);
        Interlocked.Increment(ref _counts[Index(us)]);
        Interlocked.Increment(ref _count);
        var max = Interlocked.Read(ref _max);
        for (var tries = 0; us > max && tries < 64; tries++)
        {
            var seen = Interlocked.CompareExchange(ref _max, us, max);
            if (seen == max) break;
            max = seen;
        }
    }

    /// <summary>The latency at or below which a fraction <paramref name="p"/> of requests completed; NaN when empty.</summary>
    public double PercentileMs(double p)
    {
        var count = Count;
        if (count == 0) return double.NaN;
        var target = Math.Max(1, (long)Math.Ceiling(p * count));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= target) return Math.Min(ValueOf(i), Interlocked.Read(ref _max)) / 1000.0;
        }
        return MaxMs;
    }

    private static int Index(long us)
    {
        if (us < 2 * Sub) return (int)us;
        var shift = 63 - BitOperations.LeadingZeroCount((ulong)us) - SubBits; // us >> shift is in [Sub, 2 Sub)
        return 2 * Sub + (shift - 1) * Sub + (int)((us >> shift) - Sub);
    }

    /// <summary>The middle of a bucket.</summary>
    private static long ValueOf(int index)
    {
        if (index < 2 * Sub) return index;
        var shift = (index - 2 * Sub) / Sub + 1;
        var top = (long)((index - 2 * Sub) % Sub + Sub);
        return (top << shift) + ((1L << shift) >> 1);
    }
}
