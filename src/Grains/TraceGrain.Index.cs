using Microsoft.Extensions.Logging;
using TraceGrains.Index;

namespace TraceGrains.Grains;

/// <summary>Watching a trace, and keeping its entry in the trace index current.</summary>
public sealed partial class TraceGrain
{
    private readonly string _epoch = Guid.NewGuid().ToString("N");
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IGrainTimer? _indexTimer;
    private int _indexFailures;
    private int _indexDeferrals;
    private const int MaxIndexAttempts = 5;
    private const int MaxIndexDeferrals = 20;

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

    public Task ReindexAsync() => SendIndexEntryAsync(CancellationToken.None);

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // An index update still waiting for its timer goes out now rather than being lost.
        if (_indexTimer is not null && _broken is null) await SendIndexEntryAsync(cancellationToken);
        await CheckpointOnDeactivateAsync();
        IngestMetrics.TraceDeactivated();
        IngestMetrics.SpansHeld(-_heldSpans);
        _heldSpans = 0;
    }

    /// <summary>After every durable change: wake watchers, and send the index entry soon.</summary>
    private void OnDurableChange()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();

        // Changes until the timer fires share one index update.
        _indexTimer ??= ScheduleIndexUpdate(TimeSpan.FromMilliseconds(indexOptions.Value.UpdateDelayMs));
    }

    private IGrainTimer ScheduleIndexUpdate(TimeSpan due) =>
        this.RegisterGrainTimer(SendIndexEntryAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { Interleave = true });

    private async Task SendIndexEntryAsync(CancellationToken cancellation)
    {
        _indexTimer?.Dispose();
        _indexTimer = null;
        // The tree also holds changes still waiting for their append; the index must only ever show
        // what was acknowledged. Wait for a quiet moment, but not forever under a steady stream.
        var durable = _appendsInFlight == 0;
        if (!durable && _indexDeferrals++ < MaxIndexDeferrals)
        {
            _indexTimer = ScheduleIndexUpdate(TimeSpan.FromMilliseconds(Math.Max(50, indexOptions.Value.UpdateDelayMs)));
            return;
        }
        _indexDeferrals = 0;
        if (_tree.IndexEntry() is not { } entry) return;
        var o = indexOptions.Value;
        var partition = GrainFactory.GetGrain<ITraceIndexGrain>(IndexPartition.KeyOf(Key.WorkspaceId, entry, o.BucketSize, o.Shards));
        try
        {
            await partition.UpsertAsync(entry);
            _indexFailures = 0;
        }
        catch (Exception e)
        {
            // Try again later with the then-current entry; after that, the next change or a rebuild.
            LogIndexFailed(logger, e, Key.GrainKey, ++_indexFailures);
            if (_indexFailures < MaxIndexAttempts && _indexTimer is null)
                _indexTimer = ScheduleIndexUpdate(TimeSpan.FromSeconds(Math.Pow(2, _indexFailures)));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trace {Trace}: index update failed (attempt {Attempt})")]
    private static partial void LogIndexFailed(ILogger logger, Exception e, string trace, int attempt);
}
