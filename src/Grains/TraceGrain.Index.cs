using Microsoft.Extensions.Logging;
using TraceGrains.Index;

namespace TraceGrains.Grains;

/// <summary>Watching a trace, and keeping its entry in the trace index current.</summary>
public sealed partial class TraceGrain
{
    private readonly string _epoch = Guid.NewGuid().ToString("N");
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // The partition this trace's entry was last posted to, and when.
    private string? _indexPartition;
    private DateTimeOffset _indexPostedAt;
    // Under a steady stream of overlapping writes, post anyway this often (the entry may then count
    // a few spans whose append is still in flight).
    private static readonly TimeSpan MaxIndexLag = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan MaxWatchWait = TimeSpan.FromSeconds(20);

    public async Task<TraceChanges> WatchAsync(string? epoch, long sinceVersion, TimeSpan maxWait)
    {
        if (epoch != _epoch) sinceVersion = 0;
        if (_tree.Version <= sinceVersion && maxWait > TimeSpan.Zero)
        {
            // Reentrant: waiting here blocks nobody; the next durable change completes _changed.
            var wait = maxWait < MaxWatchWait ? maxWait : MaxWatchWait;
            await Task.WhenAny(_changed.Task, Task.Delay(wait, time));
        }
        return new TraceChanges(_epoch, _tree.Version, _tree.SpanCount == 0 ? null : _tree.Summary(),
            [.. _tree.SpansChangedAfter(sinceVersion)], [.. _tree.FeedbackChangedAfter(sinceVersion)]);
    }

    public async Task ReindexAsync()
    {
        if (_tree.IndexEntry() is not { } entry) return;
        await GrainFactory.Get<ITraceIndexGrain>(PartitionOf(entry)).UpsertAsync(entry);
    }

    private string PartitionOf(TraceIndexEntry entry) =>
        IndexPartition.KeyOf(Key.WorkspaceId, entry, indexOptions.Value.BucketSize, indexOptions.Value.Shards);

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await SendPendingIndexEntryAsync();
        await CheckpointOnDeactivateAsync();
        IngestMetrics.TraceDeactivated();
        IngestMetrics.SpansHeld(-_heldSpans);
        _heldSpans = 0;
    }

    /// <summary>After every durable change: wake watchers, and post the index entry.</summary>
    private void OnDurableChange()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();

        // The tree also holds changes whose append is still in flight, and the index must only show
        // what was acknowledged: the last append of a burst to finish posts.
        var now = time.GetUtcNow();
        if (_indexPostedAt == default) _indexPostedAt = now;
        if (_appendsInFlight > 0 && now - _indexPostedAt < MaxIndexLag) return;
        if (_tree.IndexEntry() is not { } entry) return;
        _indexPartition = PartitionOf(entry);
        _indexPostedAt = now;
        indexOutbox.Post(_indexPartition, entry);
    }

    /// <summary>An entry still waiting in the silo's outbox goes out now, before the trace deactivates.</summary>
    private async Task SendPendingIndexEntryAsync()
    {
        if (_indexPartition is null || indexOutbox.Take(_indexPartition, Key.TraceId) is not { } entry) return;
        try
        {
            await GrainFactory.Get<ITraceIndexGrain>(_indexPartition).UpsertAsync(entry);
        }
        catch (Exception e)
        {
            // Back to the outbox, which tries again next round.
            LogIndexFailed(logger, e, Key.GrainKey);
            indexOutbox.Post(_indexPartition, entry);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trace {Trace}: index update failed")]
    private static partial void LogIndexFailed(ILogger logger, Exception e, string trace);
}
