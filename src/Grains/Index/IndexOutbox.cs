using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TraceGrains.Index;

namespace TraceGrains.Grains.Index;

/// <summary>
/// Index entries on their way from this silo's traces to the index partitions. A trace posts its
/// entry after a durable change; a later post of the same trace replaces the earlier one; every
/// <see cref="IndexOptions.UpdateDelayMs"/> each partition with entries gets one call carrying all
/// of them. A trace sending its own entry (a timer and a grain call per change) cost about as much
/// as the rest of a one-log request; this costs a dictionary write.
/// Entries not yet sent are lost if the silo dies, like any in-memory index change: the trace's log
/// replay posts them again, and a rebuild restores the index from the traces.
/// </summary>
public sealed partial class IndexOutbox(
    IGrainFactory grains,
    IOptions<IndexOptions> options,
    TimeProvider time,
    ILogger<IndexOutbox> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly Lock _lock = new();
    // partition key -> trace id -> newest entry posted
    private Dictionary<string, Dictionary<string, TraceIndexEntry>> _pending = new(StringComparer.Ordinal);
    private int _count;
    private readonly BackgroundLoop _loop = new();

    /// <summary>Entries waiting to be sent.</summary>
    public int Pending
    {
        get { lock (_lock) return _count; }
    }

    public void Post(string partition, TraceIndexEntry entry)
    {
        lock (_lock)
        {
            if (!_pending.TryGetValue(partition, out var entries))
                _pending[partition] = entries = new Dictionary<string, TraceIndexEntry>(StringComparer.Ordinal);
            if (entries.TryGetValue(entry.TraceId, out var held))
            {
                if (held.LastSeen <= entry.LastSeen) entries[entry.TraceId] = entry;
                return;
            }
            if (_count >= options.Value.MaxPendingEntries)
            {
                IngestMetrics.IndexEntryDropped();
                return;
            }
            entries[entry.TraceId] = entry;
            _count++;
        }
    }

    /// <summary>Removes and returns a trace's entry that has not been sent yet (a deactivating trace sends it itself).</summary>
    public TraceIndexEntry? Take(string partition, string traceId)
    {
        lock (_lock)
        {
            if (!_pending.TryGetValue(partition, out var entries) || !entries.Remove(traceId, out var entry)) return null;
            _count--;
            if (entries.Count == 0) _pending.Remove(partition);
            return entry;
        }
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        // Runs from before grains take calls until after they have deactivated at shutdown.
        lifecycle.Subscribe(nameof(IndexOutbox), ServiceLifecycleStage.RuntimeGrainServices, Start, StopAsync);

    private Task Start(CancellationToken _)
    {
        _loop.Start(stop => BackgroundLoop.EveryAsync(TimeSpan.FromMilliseconds(options.Value.UpdateDelayMs), time, () => SendAsync(stop), stop));
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellation)
    {
        await _loop.StopAsync();
        await SendAsync(cancellation);
    }

    /// <summary>One round: every partition with entries gets them in one call. What fails is kept for the next round.</summary>
    public async Task SendAsync(CancellationToken cancellation)
    {
        Dictionary<string, Dictionary<string, TraceIndexEntry>> batch;
        lock (_lock)
        {
            if (_count == 0) return;
            batch = _pending;
            _pending = new Dictionary<string, Dictionary<string, TraceIndexEntry>>(StringComparer.Ordinal);
            _count = 0;
        }
        await Task.WhenAll(batch.Select(async partition =>
        {
            try
            {
                await grains.Get<ITraceIndexGrain>(partition.Key).UpsertManyAsync([.. partition.Value.Values]);
            }
            catch (Exception e)
            {
                LogSendFailed(logger, e, partition.Key, partition.Value.Count);
                // Kept for the next round, unless there is none (shutting down).
                if (!cancellation.IsCancellationRequested)
                    foreach (var entry in partition.Value.Values) Post(partition.Key, entry);
            }
        }));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Index partition {Partition}: sending {Count} entries failed")]
    private static partial void LogSendFailed(ILogger logger, Exception e, string partition, int count);
}
