using System.Globalization;

namespace TraceGrains.Bench.LoadGen;

/// <summary>Once a second, to stderr: elapsed, phase, acknowledged spans/s and requests/s over the last second, p99 so far, non-2xx.</summary>
internal static class ProgressLine
{
    public static async Task RunAsync(LoadRunner runner, Task load, TimeSpan limit)
    {
        long lastAcked = 0, lastRequests = 0;
        for (var tick = 1; tick <= (int)limit.TotalSeconds + 1 && !load.IsCompleted; tick++)
        {
            var wait = TimeSpan.FromSeconds(tick) - runner.Elapsed;
            if (wait > TimeSpan.Zero) await Task.WhenAny(load, Task.Delay(wait));
            if (load.IsCompleted) break;
            var acked = runner.AckedSpans;
            var requests = runner.Requests;
            // The phase the last second was mostly in.
            var middle = runner.Elapsed - TimeSpan.FromSeconds(0.5);
            var phase = middle < runner.WarmupEnd ? "warm-up" : middle < runner.End ? "measured" : "drain";
            var errors = runner.Warmup.Errors.Values.Sum() + runner.Measured.Errors.Values.Sum() + runner.Drain.Errors.Values.Sum();
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{runner.Elapsed.TotalSeconds,5:0}s {phase,-8}] acked {acked - lastAcked,8} spans/s  {requests - lastRequests,7} req/s  p99 {runner.All.PercentileMs(0.99),8:0.0} ms  non-2xx {runner.NotOk}  errors {errors}"));
            lastAcked = acked;
            lastRequests = requests;
        }
    }
}
