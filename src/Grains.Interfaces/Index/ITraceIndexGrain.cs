using System.Collections.Immutable;

namespace TraceGrains.Index;

/// <summary>
/// One partition of the trace index: the traces of one workspace whose index time falls in one time
/// bucket and whose id hashes to one shard. Keyed by <see cref="IndexPartition.Key"/>; no grain sees
/// more than its share of the traffic.
/// </summary>
[Alias("tg.ITraceIndexGrain")]
public interface ITraceIndexGrain : IGrainWithStringKey
{
    /// <summary>Adds or replaces a trace's entry (the newer <see cref="TraceIndexEntry.LastSeen"/> wins).</summary>
    [Alias("Upsert")]
    Task UpsertAsync(TraceIndexEntry entry);

    /// <summary>Upserts entries of many traces at once (a silo's index outbox sends them so).</summary>
    [Alias("UpsertMany")]
    Task UpsertManyAsync(ImmutableArray<TraceIndexEntry> entries);

    [Alias("Query")]
    Task<ImmutableArray<IndexHit>> QueryAsync(IndexQuery query);

}
