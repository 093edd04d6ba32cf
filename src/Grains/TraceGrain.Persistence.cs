using Microsoft.Extensions.Logging;
using TraceGrains.Grains.Journal;
using TraceGrains.Grains.Tree;

namespace TraceGrains.Grains;

public sealed partial class TraceGrain
{
    private readonly List<(JournalEntry Entry, TaskCompletionSource Done)> _pending = [];
    private Task? _flushing;
    private GenerationLog _log = null!;
    private Exception? _broken;

    private TraceKey Key => _tree.Key;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _tree = new TraceTree(TraceKey.Parse(this.GetPrimaryKeyString()));
        var state = snapshot.State;
        foreach (var span in state.Spans) _tree.Apply(span, 0, null);
        foreach (var feedback in state.Feedback) _tree.PutFeedback(feedback, null);
        if (snapshot.RecordExists)
        {
            _tree.Touch(state.FirstSeen);
            _tree.Touch(state.LastSeen);
            _tree.PinIndexTime(state.IndexTime);
        }

        _log = new GenerationLog(journal, LogNames.Trace(Key), journalOptions.Value);
        if (await _log.OpenAsync(state.Generation) is { } bytes)
        {
            foreach (var entry in codec.Decode(bytes)) Replay(entry);
        }
        LogActivated(logger, Key.GrainKey, _tree.SpanCount, state.Generation, _log.Bytes);
    }

    private void Replay(JournalEntry entry)
    {
        for (var i = 0; i < entry.Spans.Length; i++) _tree.Apply(entry.Spans[i], i, null);
        foreach (var feedback in entry.Feedback) _tree.PutFeedback(feedback, null);
        _tree.Touch(entry.ReceivedAt);
        _tree.PinIndexTime(entry.IndexTime);
    }

    private void ThrowIfBroken()
    {
        if (_broken is not null)
            throw new TraceStoreUnavailableException($"Trace {Key} is reloading after a storage failure; retry.");
    }

    /// <summary>Queues an entry and waits until an append (shared with concurrent calls) made it durable.</summary>
    private Task CommitAsync(JournalEntry entry)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending.Add((entry, done));
        if (_flushing is null || _flushing.IsCompleted) _flushing = FlushAsync();
        return done.Task;
    }

    private async Task FlushAsync()
    {
        while (_pending.Count > 0 && _broken is null)
        {
            var batch = _pending.ToArray();
            _pending.Clear();
            try
            {
                await _log.AppendAsync(snapshot.State.Generation, codec.Encode(batch.Select(b => b.Entry).ToList()));
            }
            catch (Exception e)
            {
                Break(e, batch);
                return;
            }
            foreach (var (_, done) in batch) done.TrySetResult();
            OnDurableChange();

            if (_log.SnapshotDue(snapshot.State.CoveredJournalBytes)) await SnapshotAsync();
        }
    }

    private async Task SnapshotAsync()
    {
        var previous = snapshot.State;
        snapshot.State = new TraceSnapshot
        {
            Generation = previous.Generation + 1,
            CoveredJournalBytes = previous.CoveredJournalBytes + _log.Bytes,
            Spans = [.. _tree.Spans],
            Feedback = [.. _tree.Feedback],
            FirstSeen = _tree.FirstSeen,
            LastSeen = _tree.LastSeen,
            IndexTime = _tree.IndexTime,
        };
        try
        {
            await snapshot.WriteStateAsync();
        }
        catch (Exception e)
        {
            // The write may have landed even though it failed here; appending on to the old generation
            // could then hide acknowledged spans from the next activation. Stop and reload instead.
            snapshot.State = previous;
            Break(e, []);
            return;
        }
        IngestMetrics.SnapshotWritten();
        if (await _log.RollOverAsync(previous.Generation) is { } retireError) LogRetireFailed(logger, retireError, Key.GrainKey, previous.Generation);
    }

    /// <summary>
    /// After a failed write the in-memory tree may hold changes that are not durable: refuse further
    /// calls, fail every waiting one, and let the next activation rebuild from storage.
    /// </summary>
    private void Break(Exception cause, (JournalEntry Entry, TaskCompletionSource Done)[] batch)
    {
        _broken = cause;
        LogStorageFailed(logger, cause, Key.GrainKey);
        var error = new TraceStoreUnavailableException($"Storage failed for trace {Key}; nothing was acknowledged.");
        foreach (var (_, done) in batch.Concat(_pending)) done.TrySetException(error);
        _pending.Clear();
        DeactivateOnIdle();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Trace {Trace} activated: {Spans} spans, journal generation {Generation} with {Bytes} bytes")]
    private static partial void LogActivated(ILogger logger, string trace, int spans, int generation, long bytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Trace {Trace}: storage write failed; the grain reloads from storage")]
    private static partial void LogStorageFailed(ILogger logger, Exception e, string trace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trace {Trace}: could not delete journal generation {Generation}; it is ignored from now on")]
    private static partial void LogRetireFailed(ILogger logger, Exception e, string trace, int generation);
}
