using System.Diagnostics;

namespace TraceGrains.Bench.LoadGen;

/// <summary>
/// Runs the load: <c>--concurrency</c> workers, each sending one request at a time. Without --rate
/// they send back to back (closed loop). With --rate, request n is due at n / rate seconds (open
/// loop): a worker takes the next due request and waits for its time; if every worker is busy the
/// request starts late, and its latency from schedule includes the delay. A request belongs to the
/// phase in which its answer arrived: warm-up, measured, or drain (in flight when time was up).
/// </summary>
internal sealed class LoadRunner(LoadOptions o, RequestSource source, ITarget target, AckLedger? ledger)
{
    private static readonly TimeSpan LateAfter = TimeSpan.FromMilliseconds(10);
    private readonly long _start = Stopwatch.GetTimestamp();
    private long _ticket = -1, _late;

    public PhaseStats Warmup { get; } = new();
    public PhaseStats Measured { get; } = new();
    public PhaseStats Drain { get; } = new();
    public LatencyHistogram All { get; } = new();
    public TimeSpan WarmupEnd { get; } = TimeSpan.FromSeconds(o.Warmup);
    public TimeSpan End { get; } = TimeSpan.FromSeconds(o.Warmup + o.Duration);
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_start);
    /// <summary>Requests that started more than 10 ms after their scheduled time (open loop only).</summary>
    public long Late => Interlocked.Read(ref _late);
    public long Requests => Warmup.Requests + Measured.Requests + Drain.Requests;
    public long AckedSpans => Warmup.AckedSpans + Measured.AckedSpans + Drain.AckedSpans;
    public long NotOk => Warmup.NotOk + Measured.NotOk + Drain.NotOk;

    public Task RunAsync(CancellationToken ct) =>
        Task.WhenAll(Enumerable.Range(0, o.Concurrency).Select(_ => Task.Run(() => WorkerAsync(ct), CancellationToken.None)));

    private async Task WorkerAsync(CancellationToken ct)
    {
        var perSecond = o.RequestsPerSecond;
        while (!ct.IsCancellationRequested)
        {
            var ticket = Interlocked.Increment(ref _ticket);
            if (ticket >= o.MaxRequests) return;
            TimeSpan? due = null;
            if (perSecond > 0)
            {
                due = TimeSpan.FromSeconds(ticket / perSecond);
                if (due >= End) return;
                var wait = due.Value - Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    try { await Task.Delay(wait, ct); }
                    catch (OperationCanceledException) { return; }
                }
                else if (-wait > LateAfter) Interlocked.Increment(ref _late);
            }
            else if (Elapsed >= End) return;

            var request = source.Next();
            var sent = Stopwatch.GetTimestamp();
            Answer answer;
            try
            {
                answer = await target.SendAsync(request, ct);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Targets turn the expected failures into answers; anything else is counted, not fatal.
                answer = Answer.Failed(e.GetType().Name);
            }
            var latency = Stopwatch.GetElapsedTime(sent);
            var done = Elapsed;
            var phase = done < WarmupEnd ? Warmup : done < End ? Measured : Drain;
            phase.Record(answer, request.Spans.Length, latency, done - due);
            All.Record(latency);
            ledger?.Record(request, answer);
        }
    }
}
