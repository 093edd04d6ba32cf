using System.Collections.Immutable;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using TraceGrains.Api.V1;
using TraceGrains.Index;

using TraceGrains.Api.Errors;

namespace TraceGrains.Api.Query;

/// <summary>
/// Lists traces by asking every index partition that can hold the window for its best matches after
/// the cursor, as of the first page's time, and merging them. No partition sees more than its share.
/// </summary>
public sealed class TraceLister(
    IGrainFactory grains, IOptions<IndexOptions> index, IOptions<QueryOptions> query,
    ListCursorCodec cursors, TimeProvider time)
{
    /// <summary>Lists the traces of one workspace; its cursors are refused by any other workspace.</summary>
    public async Task<ListTracesResponse> ListAsync(string workspaceId, ListTracesRequest request)
    {
        var (filter, sort, descending) = ListRequestValidator.Parse(request);
        var pageSize = request.PageSize switch
        {
            0 => query.Value.DefaultPageSize,
            var n when n < 0 || n > query.Value.MaxPageSize => throw new FieldException("page_size", $"{n} is not between 1 and {query.Value.MaxPageSize}"),
            var n => n,
        };
        var hash = ScopedHash(workspaceId, ListRequestValidator.QueryHash(filter, sort, descending));
        var now = time.GetUtcNow();

        DateTimeOffset from, to, asOf;
        IndexPosition? after = null;
        if (request.Cursor.Length > 0)
        {
            var cursor = cursors.Decode(request.Cursor);
            asOf = CursorTime(cursor.AsOfUnixMs);
            if (asOf < now - TimeSpan.FromMinutes(index.Value.CursorTtlMinutes))
                throw new FieldException("cursor", "expired; start the list again");
            if (!cursor.QueryHash.Span.SequenceEqual(hash))
                throw new FieldException("cursor", "belongs to a list with other filters or sort");
            from = CursorTime(cursor.FromUnixMs);
            to = CursorTime(cursor.ToUnixMs);
            if (from > to || to - from > TimeSpan.FromDays(index.Value.MaxWindowDays))
                throw new FieldException("cursor", "not a cursor this service issued");
            after = new IndexPosition(cursor.LastValue, cursor.LastTraceId);
        }
        else
        {
            asOf = now;
            to = WindowTime(request.StartTimeTo, "start_time_to") ?? now;
            from = WindowTime(request.StartTimeFrom, "start_time_from") ?? to - TimeSpan.FromHours(query.Value.DefaultWindowHours);
            if (from > to) throw new FieldException("start_time_from", "is after start_time_to");
            if (to - from > TimeSpan.FromDays(index.Value.MaxWindowDays))
                throw new FieldException("start_time_from", $"the window spans {(to - from).TotalDays:0.#} days, the limit is {index.Value.MaxWindowDays}");
        }

        var o = index.Value;
        // Buckets wholly in the future hold nothing yet; skipping them saves activations.
        var last = to + o.Slack < now + o.BucketSize ? to : now;
        var partitions = IndexPartition.KeysFor(workspaceId, from, last, o.Slack, o.BucketSize, o.Shards)
            .Select(k => grains.Get<ITraceIndexGrain>(k)).ToArray();
        var baseQuery = new IndexQuery(from, to, asOf, filter, sort, descending, after, pageSize + 1);
        var page = await GatherAsync(partitions, baseQuery, pageSize + 1);
        var response = new ListTracesResponse();
        response.Traces.AddRange(page.Take(pageSize).Select(h => TraceMapper.ToSummary(h.Entry, workspaceId)));
        if (page.Count > pageSize)
        {
            var lastHit = page[pageSize - 1];
            response.NextCursor = cursors.Encode(new ListCursor
            {
                AsOfUnixMs = asOf.ToUnixTimeMilliseconds(),
                FromUnixMs = from.ToUnixTimeMilliseconds(),
                ToUnixMs = to.ToUnixTimeMilliseconds(),
                LastValue = lastHit.SortValue,
                LastTraceId = lastHit.Entry.TraceId,
                QueryHash = Google.Protobuf.ByteString.CopyFrom(hash),
            });
        }
        return response;
    }

    // A window edge leaves room for the default window before it and the index slack after it,
    // so that no date arithmetic on it can leave DateTimeOffset's range (years 1 to 9999).
    private static readonly DateTimeOffset EarliestTime = new(2, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset LatestTime = new(9999, 12, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A window edge as given, or a <see cref="FieldException"/> naming it.</summary>
    private static DateTimeOffset? WindowTime(Timestamp? time, string field)
    {
        if (time is null) return null;
        // Protobuf's Timestamp carries any int64 seconds and int32 nanos; only some are times.
        if (time.Nanos is < 0 or > 999_999_999
            || time.Seconds < EarliestTime.ToUnixTimeSeconds() || time.Seconds > LatestTime.ToUnixTimeSeconds())
            throw new FieldException(field, $"must be a time from {EarliestTime:yyyy-MM-dd} to {LatestTime:yyyy-MM-dd}");
        return time.ToDateTimeOffset();
    }

    /// <summary>A time inside a cursor; only a forged cursor holds one out of range.</summary>
    private static DateTimeOffset CursorTime(long unixMs) =>
        unixMs >= EarliestTime.ToUnixTimeMilliseconds() && unixMs <= LatestTime.ToUnixTimeMilliseconds()
            ? DateTimeOffset.FromUnixTimeMilliseconds(unixMs)
            : throw new FieldException("cursor", "not a cursor this service issued");

    /// <summary>
    /// Scatter-gather in rounds: each partition first returns about twice its fair share of the page;
    /// a partition is asked for more only while it filled its share and its last hit still falls
    /// inside the page being assembled. The result is exact: no partition can hold a hit that sorts
    /// before the page's last one without having been asked for it.
    /// </summary>
    private static async Task<List<IndexHit>> GatherAsync(ITraceIndexGrain[] partitions, IndexQuery query, int take)
    {
        var share = Math.Clamp(2 * take / Math.Max(1, partitions.Length) + 1, Math.Min(8, take), take);
        var hits = new List<IndexHit>[partitions.Length];
        var full = new bool[partitions.Length];
        var ask = Enumerable.Range(0, partitions.Length).ToArray();
        var limit = share;
        for (var round = 0; round < 16 && ask.Length > 0; round++)
        {
            var answers = await Task.WhenAll(ask.Select(i =>
            {
                var position = hits[i] is { Count: > 0 } seen ? new IndexPosition(seen[^1].SortValue, seen[^1].Entry.TraceId) : query.After;
                return partitions[i].QueryAsync(query with { After = position, Limit = limit });
            }));
            for (var k = 0; k < ask.Length; k++)
            {
                var i = ask[k];
                (hits[i] ??= []).AddRange(answers[k]);
                full[i] = answers[k].Length == limit;
            }
            var merged = Merge([.. hits.Select(h => (IReadOnlyList<IndexHit>)(h ?? []))], query.Descending, take);
            var boundary = merged.Count == take ? merged[^1] : null;
            ask = [.. Enumerable.Range(0, partitions.Length).Where(i => full[i] && (boundary is null || Before(hits[i][^1], boundary, query.Descending)))];
            limit = Math.Min(limit * 2, take);
            if (ask.Length == 0) return merged;
        }
        return Merge([.. hits.Select(h => (IReadOnlyList<IndexHit>)(h ?? []))], query.Descending, take);
    }

    private static bool Before(IndexHit a, IndexHit b, bool descending) =>
        IndexOrder.Compare(a.SortValue, a.Entry.TraceId, b.SortValue, b.Entry.TraceId, descending) < 0;

    /// <summary>k-way merge of partitions' sorted answers, keeping the first <paramref name="take"/>.</summary>
    private static List<IndexHit> Merge(IReadOnlyList<IndexHit>[] lists, bool descending, int take)
    {
        var comparer = Comparer<IndexHit>.Create((a, b) =>
            IndexOrder.Compare(a.SortValue, a.Entry.TraceId, b.SortValue, b.Entry.TraceId, descending));
        var heap = new PriorityQueue<(int List, int Position), IndexHit>(comparer);
        for (var i = 0; i < lists.Length; i++)
        {
            if (lists[i].Count > 0) heap.Enqueue((i, 0), lists[i][0]);
        }
        var merged = new List<IndexHit>(take);
        while (merged.Count < take && heap.TryDequeue(out var at, out var hit))
        {
            merged.Add(hit);
            if (at.Position + 1 < lists[at.List].Count) heap.Enqueue((at.List, at.Position + 1), lists[at.List][at.Position + 1]);
        }
        return merged;
    }

    /// <summary>The query digest bound to the workspace, so a cursor only pages the list it came from.</summary>
    private static byte[] ScopedHash(string workspaceId, byte[] queryHash) =>
        System.Security.Cryptography.SHA256.HashData([.. System.Text.Encoding.UTF8.GetBytes(workspaceId + "\n"), .. queryHash])[..16];
}
