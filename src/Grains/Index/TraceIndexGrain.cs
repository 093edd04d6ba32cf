using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TraceGrains.Grains.Journal;
using TraceGrains.Index;

namespace TraceGrains.Grains.Index;

/// <summary>
/// One partition of the trace index (workspace × time bucket × shard). Entries live in memory with
/// their recent versions. Every <see cref="IndexOptions.FlushSeconds"/> the entries that changed are
/// appended to the partition's journal (one request, bytes proportional to the changes, not to the
/// partition), folded into a snapshot geometrically like a trace's. The index can be rebuilt from the
/// traces, so updates are coalesced rather than made durable one by one.
/// </summary>
[Orleans.Placement.RandomPlacement]
public sealed partial class TraceIndexGrain(
    [PersistentState("index", StorageNames.Traces)] IPersistentState<TraceIndexState> state,
    IAppendLog log,
    FrameCodec<TraceIndexEntry> codec,
    IOptions<IndexOptions> options,
    IOptions<JournalOptions> journalOptions,
    TimeProvider time,
    ILogger<TraceIndexGrain> logger) : Grain, ITraceIndexGrain
{
    private readonly Dictionary<string, EntryVersions> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private GenerationLog _log = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in state.State.Entries) Load(entry);
        _log = new GenerationLog(log, LogNames.IndexPartition(this.GetPrimaryKeyString()), journalOptions.Value);
        if (await _log.OpenAsync(state.State.Generation) is { } bytes)
        {
            foreach (var entry in codec.Decode(bytes)) Load(entry);
        }
        var flush = TimeSpan.FromSeconds(options.Value.FlushSeconds);
        this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(flush, flush) { Interleave = false });
    }

    /// <summary>Stored entries count as current since forever: any live cursor may see them.</summary>
    private void Load(TraceIndexEntry entry)
    {
        if (!_entries.TryGetValue(entry.TraceId, out var versions) || versions.Current.LastSeen <= entry.LastSeen)
            _entries[entry.TraceId] = new EntryVersions(entry, DateTimeOffset.MinValue);
    }

    public Task UpsertAsync(TraceIndexEntry entry)
    {
        Upsert(entry, time.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task UpsertManyAsync(ImmutableArray<TraceIndexEntry> entries)
    {
        var now = time.GetUtcNow();
        foreach (var entry in entries) Upsert(entry, now);
        return Task.CompletedTask;
    }

    private void Upsert(TraceIndexEntry entry, DateTimeOffset now)
    {
        if (!_entries.TryGetValue(entry.TraceId, out var versions))
        {
            _entries[entry.TraceId] = new EntryVersions(entry, now);
            _changed.Add(entry.TraceId);
        }
        else if (versions.Add(entry, now, now - TimeSpan.FromMinutes(options.Value.CursorTtlMinutes)))
        {
            _changed.Add(entry.TraceId);
        }
    }

    public Task<ImmutableArray<IndexHit>> QueryAsync(IndexQuery query)
    {
        var hits = new List<IndexHit>();
        foreach (var versions in _entries.Values)
        {
            if (versions.At(query.AsOf) is not { } seen || !IndexMatcher.Matches(seen, query)) continue;
            var value = IndexMatcher.SortValue(seen, query.Sort);
            if (query.After is { } after && IndexOrder.Compare(value, seen.TraceId, after.Value, after.TraceId, query.Descending) <= 0) continue;
            hits.Add(new IndexHit(versions.Current, value));
        }
        hits.Sort((a, b) => IndexOrder.Compare(a.SortValue, a.Entry.TraceId, b.SortValue, b.Entry.TraceId, query.Descending));
        return Task.FromResult(hits.Take(query.Limit).ToImmutableArray());
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A partition that deactivates forgets entry versions: cursors issued before may then see
        // current values. Worth knowing when it happens outside idle collection.
        if (reason.ReasonCode is not (DeactivationReasonCode.ActivationIdle or DeactivationReasonCode.ShuttingDown)) LogDeactivating(logger, this.GetPrimaryKeyString(), reason.ToString());
        await FlushAsync(cancellationToken);
    }

    private async Task FlushAsync(CancellationToken cancellation)
    {
        if (_changed.Count == 0) return;
        var records = _changed.Select(id => _entries[id].Current).ToList();
        _changed.Clear();
        try
        {
            await _log.AppendAsync(state.State.Generation, codec.Encode(records));
        }
        catch (Exception e)
        {
            foreach (var record in records) _changed.Add(record.TraceId);
            LogFlushFailed(logger, e, this.GetPrimaryKeyString());
            return;
        }
        if (_log.SnapshotDue(state.State.CoveredJournalBytes)) await SnapshotAsync();
    }

    private async Task SnapshotAsync()
    {
        var previous = state.State;
        state.State = new TraceIndexState
        {
            Entries = [.. _entries.Values.Select(v => v.Current)],
            Generation = previous.Generation + 1,
            CoveredJournalBytes = previous.CoveredJournalBytes + _log.Bytes,
        };
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e)
        {
            // Everything is in the journal already; reload rather than guess whether the write landed.
            state.State = previous;
            LogFlushFailed(logger, e, this.GetPrimaryKeyString());
            DeactivateOnIdle();
            return;
        }
        if (await _log.RollOverAsync(previous.Generation) is { } retireError) LogFlushFailed(logger, retireError, this.GetPrimaryKeyString());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Index partition {Partition} deactivating: {Reason}")]
    private static partial void LogDeactivating(ILogger logger, string partition, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Index partition {Partition}: storage write failed; retried at the next flush")]
    private static partial void LogFlushFailed(ILogger logger, Exception e, string partition);
}
