using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TraceGrains.Index;

namespace TraceGrains.Grains.Index;

/// <summary>
/// One partition of the trace index (workspace × time bucket × shard). Entries live in memory with
/// their recent versions; the partition writes its current entries to blob storage at most every
/// <see cref="IndexOptions.FlushSeconds"/> and when it deactivates. The index can always be rebuilt
/// from the traces, so these writes are coalesced rather than made durable per update.
/// </summary>
public sealed partial class TraceIndexGrain(
    [PersistentState("index", StorageNames.Traces)] IPersistentState<TraceIndexState> state,
    IOptions<IndexOptions> options,
    TimeProvider time,
    ILogger<TraceIndexGrain> logger) : Grain, ITraceIndexGrain
{
    private readonly Dictionary<string, EntryVersions> _entries = new(StringComparer.Ordinal);
    private bool _dirty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in state.State.Entries) _entries[entry.TraceId] = new EntryVersions(entry, DateTimeOffset.MinValue);
        var flush = TimeSpan.FromSeconds(options.Value.FlushSeconds);
        this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(flush, flush) { Interleave = false });
        return Task.CompletedTask;
    }

    public Task UpsertAsync(TraceIndexEntry entry)
    {
        var now = time.GetUtcNow();
        if (!_entries.TryGetValue(entry.TraceId, out var versions))
        {
            _entries[entry.TraceId] = new EntryVersions(entry, now);
            _dirty = true;
        }
        else if (versions.Add(entry, now, now - TimeSpan.FromMinutes(options.Value.CursorTtlMinutes)))
        {
            _dirty = true;
        }
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<IndexHit>> QueryAsync(IndexQuery query)
    {
        var hits = new List<IndexHit>();
        foreach (var versions in _entries.Values)
        {
            if (versions.At(query.AsOf) is not { } seen || !IndexMatcher.Matches(seen, query)) continue;
            var value = IndexMatcher.SortValue(seen, query.Sort);
            if (query.After is { } after && IndexMatcher.Compare(value, seen.TraceId, after.Value, after.TraceId, query.Descending) <= 0) continue;
            hits.Add(new IndexHit(versions.Current, value));
        }
        hits.Sort((a, b) => IndexMatcher.Compare(a.SortValue, a.Entry.TraceId, b.SortValue, b.Entry.TraceId, query.Descending));
        return Task.FromResult(hits.Take(query.Limit).ToImmutableArray());
    }

    public Task<int> CountAsync() => Task.FromResult(_entries.Count);

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        await FlushAsync(cancellationToken);

    private async Task FlushAsync(CancellationToken cancellation)
    {
        if (!_dirty) return;
        _dirty = false;
        state.State.Entries = [.. _entries.Values.Select(v => v.Current)];
        try
        {
            await state.WriteStateAsync(cancellation);
        }
        catch (Exception e)
        {
            _dirty = true;
            LogFlushFailed(logger, e, this.GetPrimaryKeyString());
            if (e is Orleans.Storage.InconsistentStateException) DeactivateOnIdle();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Index partition {Partition}: write failed; retried at the next flush")]
    private static partial void LogFlushFailed(ILogger logger, Exception e, string partition);
}
