namespace TraceGrains.Grains.Wal;

/// <summary>Hands the records of a segment back to their trace grains, which store them durably.</summary>
internal static class WalReplay
{
    /// <summary>
    /// Replays every record of <paramref name="data"/> whose trace passes <paramref name="include"/>;
    /// returns the traces replayed. Throws if any trace could not take its records.
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
        await Parallel.ForEachAsync(byTrace, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellation },
            async (trace, _) =>
            {
                await grains.GetGrain<ITraceCheckpointGrain>(trace.Key).ReplayAsync(WalFrames.JournalFrames(trace.Value));
                WalMetrics.RecordsReplayed(trace.Value.Count);
            });
        return byTrace.Keys;
    }
}
