using Microsoft.Extensions.Logging;
using TraceGrains.Grains.Journal;
using TraceGrains.Grains.Tree;
using TraceGrains.Grains.Wal;

namespace TraceGrains.Grains;

/// <summary>
/// Durability. A write is acknowledged once its entry is in the silo's shared log (one append carries
/// the writes of many traces). The trace checkpoints what changed into its own storage later: when its
/// log segment is sealed, when it has written enough, when asked to replay, and when it deactivates.
/// Its own storage is a snapshot plus a journal of checkpoints; the first checkpoint is a snapshot,
/// so a trace without a snapshot has no journal either and activates with one read.
/// </summary>
public sealed partial class TraceGrain : ITraceCheckpointGrain
{
    private GenerationLog _log = null!;
    private Exception? _broken;
    private int _appendsInFlight;
    private long _logBytesSinceCheckpoint;
    private long _checkpointVersion;
    private Task? _checkpointing;

    private TraceKey Key => _tree.Key;
    private WalPin Pin => new(Key.GrainKey, _epoch);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _tree = new TraceTree(TraceKey.Parse(this.GetPrimaryKeyString()));
        _log = new GenerationLog(journal, LogNames.Trace(Key), journalOptions.Value);
        var state = snapshot.State;
        if (snapshot.RecordExists)
        {
            foreach (var span in state.Spans) _tree.Apply(span, 0, null);
            foreach (var feedback in state.Feedback) _tree.PutFeedback(feedback, null);
            _tree.Touch(state.FirstSeen);
            _tree.Touch(state.LastSeen);
            _tree.PinIndexTime(state.IndexTime);
            if (await _log.OpenAsync(state.Generation) is { } bytes)
            {
                foreach (var entry in codec.Decode(bytes)) Replay(entry);
            }
        }
        _checkpointVersion = _tree.Version;
        IngestMetrics.TraceActivated();
        SyncHeldSpans();
        LogActivated(logger, Key.GrainKey, _tree.SpanCount, state.Generation, _log.Bytes);
    }

    private void Replay(JournalEntry entry)
    {
        for (var i = 0; i < entry.Spans.Length; i++) _tree.Apply(entry.Spans[i], i, null);
        foreach (var feedback in entry.Feedback) _tree.PutFeedback(feedback, null);
        _tree.Touch(entry.ReceivedAt);
        _tree.PinIndexTime(entry.IndexTime);
    }

    private int _heldSpans;

    /// <summary>Keeps the process-wide count of spans held in memory current.</summary>
    private void SyncHeldSpans()
    {
        IngestMetrics.SpansHeld(_tree.SpanCount - _heldSpans);
        _heldSpans = _tree.SpanCount;
    }

    private void ThrowIfBroken()
    {
        if (_broken is not null)
            throw new TraceStoreUnavailableException($"Trace {Key} is reloading after a storage failure; retry.");
    }

    /// <summary>
    /// Makes an entry durable in the shared log. A failed append acknowledges nothing; the tree may
    /// already hold its spans, which is harmless: a retry appends them again, and storing a span that
    /// was never acknowledged loses nothing.
    /// </summary>
    private async Task CommitAsync(JournalEntry entry)
    {
        // The log owns the rented payload from here and returns it once copied into an append.
        var payload = PooledBytes.Write(w => serializer.Serialize(entry, w));
        var length = payload.Length;
        _appendsInFlight++;
        try
        {
            await wal.AppendAsync(Pin, payload);
        }
        finally
        {
            _appendsInFlight--;
        }
        _logBytesSinceCheckpoint += length;
        OnDurableChange();
        if (_logBytesSinceCheckpoint >= walOptions.Value.TraceCheckpointBytes && _checkpointing is null or { IsCompleted: true })
            _ = CheckpointQuietlyAsync();
    }

    public async Task<bool> CheckpointForAsync(string epoch)
    {
        if (epoch != _epoch) return false;
        await CheckpointAsync();
        return true;
    }

    public async Task ReplayAsync(byte[] frames)
    {
        ThrowIfBroken();
        foreach (var entry in codec.Decode(frames)) Replay(entry);
        SyncHeldSpans();
        OnDurableChange();
        await CheckpointAsync();
    }

    private async Task CheckpointQuietlyAsync()
    {
        try
        {
            await CheckpointAsync();
        }
        catch (Exception e)
        {
            // The records stay in the shared log, which asks again when their segment is sealed.
            LogCheckpointFailed(logger, e, Key.GrainKey);
        }
    }

    /// <summary>One checkpoint at a time; a caller arriving during one waits for it and then runs its own.</summary>
    private async Task CheckpointAsync()
    {
        while (_checkpointing is { IsCompleted: false } running)
        {
            try { await running; } catch { /* this caller's own checkpoint decides */ }
        }
        _checkpointing = CheckpointThrottledAsync();
        await _checkpointing;
    }

    private async Task CheckpointThrottledAsync()
    {
        await wal.CheckpointSlots.WaitAsync();
        try
        {
            await CheckpointCoreAsync();
        }
        finally
        {
            wal.CheckpointSlots.Release();
        }
    }

    private async Task CheckpointCoreAsync()
    {
        ThrowIfBroken();
        // Everything the log holds for this activation now was applied to the tree before this point.
        var held = wal.PinsOf(Pin);
        var version = _tree.Version;
        if (version != _checkpointVersion)
        {
            if (!snapshot.RecordExists || _log.SnapshotDue(snapshot.State.CoveredJournalBytes))
            {
                await SnapshotAsync();
            }
            else
            {
                // Stamped with the trace's last arrival, so replaying the checkpoint restores LastSeen exactly.
                var entry = new JournalEntry(_tree.LastSeen, [.. _tree.SpansChangedAfter(_checkpointVersion)],
                    [.. _tree.FeedbackChangedAfter(_checkpointVersion)], _tree.IndexTime);
                await _log.AppendAsync(snapshot.State.Generation, codec.Encode([entry]));
            }
            _checkpointVersion = Math.Max(_checkpointVersion, version);
            _logBytesSinceCheckpoint = 0;
            IngestMetrics.CheckpointWritten();
        }
        if (held.Count > 0) wal.Release(Pin, held);
    }

    private async Task SnapshotAsync()
    {
        var previous = snapshot.State;
        var existed = snapshot.RecordExists;
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
            // could then hide checkpointed spans from the next activation. Stop and reload instead: the
            // shared log still holds every acknowledged record and replays them into the next activation.
            snapshot.State = previous;
            Break(e);
            throw;
        }
        IngestMetrics.SnapshotWritten();
        if (!existed) _log.StartEmpty();
        else if (await _log.RollOverAsync(previous.Generation) is { } retireError) LogRetireFailed(logger, retireError, Key.GrainKey, previous.Generation);
    }

    private async Task CheckpointOnDeactivateAsync()
    {
        if (_broken is not null || (_tree.Version == _checkpointVersion && wal.PinsOf(Pin).Count == 0)) return;
        try
        {
            await CheckpointAsync();
        }
        catch (Exception e)
        {
            // Left pinned in the shared log, which replays it into the trace's next activation.
            LogCheckpointFailed(logger, e, Key.GrainKey);
        }
    }

    private void Break(Exception cause)
    {
        _broken = cause;
        LogStorageFailed(logger, cause, Key.GrainKey);
        DeactivateOnIdle();
        // Another activation stored the trace (two can coexist for a while after a silo dies): what this
        // one acknowledged goes to the next activation now, not when its log segments retire. (Other
        // storage failures keep to retirement, so an outage does not set every trace downloading logs.)
        if (cause is Orleans.Storage.InconsistentStateException) wal.RedeliverSoon(GrainFactory, Pin);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Trace {Trace} activated: {Spans} spans, journal generation {Generation} with {Bytes} bytes")]
    private static partial void LogActivated(ILogger logger, string trace, int spans, int generation, long bytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Trace {Trace}: snapshot write failed; the grain reloads from storage")]
    private static partial void LogStorageFailed(ILogger logger, Exception e, string trace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trace {Trace}: checkpoint failed; its records stay in the shared log")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception e, string trace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trace {Trace}: could not delete journal generation {Generation}; it is ignored from now on")]
    private static partial void LogRetireFailed(ILogger logger, Exception e, string trace, int generation);
}
