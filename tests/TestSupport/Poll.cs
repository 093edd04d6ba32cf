using System.Diagnostics;

namespace TraceGrains.TestSupport;

/// <summary>Waiting by polling with a deadline, never by a fixed sleep.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(20);
        while (clock.Elapsed < timeout)
        {
            // A check that never returns (a call without a deadline) still ends at the deadline, named.
            bool met;
            try { met = await condition().WaitAsync(timeout - clock.Elapsed + TimeSpan.FromSeconds(1)); }
            catch (TimeoutException) { break; }
            if (met) return;
            await Task.Delay(pause);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 250));
        }
        throw new TimeoutException($"Gave up after {timeout.TotalSeconds:0.#} s waiting for {what}.");
    }
}
