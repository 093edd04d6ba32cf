namespace TraceGrains.Grains.Wal;

/// <summary>Hands the records of a segment back to their trace grains, which store them durably.</summary>
internal static class WalReplay
{
    private const int Rounds = 5;
    private static readonly TimeSpan BetweenRounds = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Replays every record of <paramref name="data"/> whose trace passes <paramref name="include"/>;
    /// returns the traces replayed. Each trace is replayed on its own, and traces that fail (their
    /// grain still being moved off a dead silo, say) are tried again a few times a second apart, so
    /// one slow trace neither holds back the others nor makes them replay again. Throws if some trace
    /// still could not take its records; the caller then keeps the segment and tries later.
    /// </summary>
    public static async Task<IReadOnlyCollection<string>> ReplayAsync(
        IGrainFactory grains, ReadOnlyMemory<byte> data, Func<string, bool> include, int parallelism, CancellationToken cancellation)
    {
        var byTrace = new Dictionary<string, List<ReadOnlyMemory<byte>>>(StringComparer.Ordinal);
        foreach (var (key, payload) in WalFrames.Read(data))
        {
            if (!include(key)) continue;
            if (!byTrace.TryGetValue(key, out var list)) byTrace[key] = list = [];
            list.Add(payload);
        }
        var pending = byTrace.ToList();
        Exception? last = null;
        for (var round = 0; round < Rounds && pending.Count > 0; round++)
        {
            if (round > 0) await Task.Delay(BetweenRounds, cancellation);
            var failed = new System.Collections.Concurrent.ConcurrentBag<KeyValuePair<string, List<ReadOnlyMemory<byte>>>>();
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellation },
                async (trace, _) =>
                {
                    try
                    {
                        await grains.GetGrain<ITraceCheckpointGrain>(trace.Key).ReplayAsync(WalFrames.JournalFrames(trace.Value));
                        WalMetrics.RecordsReplayed(trace.Value.Count);
                    }
                    catch (Exception e) when (!cancellation.IsCancellationRequested)
                    {
                        last = e;
                        failed.Add(trace);
                    }
                });
            pending = [.. failed];
        }
        if (pending.Count > 0)
            throw new TraceStoreUnavailableException($"{pending.Count} of {byTrace.Count} traces could not take their records yet.", last!);
        return byTrace.Keys;
    }
}
