using System.Collections.Immutable;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using TraceGrains.Api.Hosting;
using TraceGrains.Api.V1;
using TraceGrains.Index;

namespace TraceGrains.Api.Query;

/// <summary>
/// Lists traces by asking every index partition that can hold the window for its best matches after
/// the cursor, as of the first page's time, and merging them. No partition sees more than its share.
/// </summary>
public sealed class TraceLister(
    IGrainFactory grains, ApiOptions api, IOptions<IndexOptions> index, IOptions<QueryOptions> query,
    ListCursorCodec cursors, TimeProvider time)
{
    public async Task<ListTracesResponse> ListAsync(ListTracesRequest request)
    {
        var (filter, sort, descending) = ListRequestValidator.Parse(request);
        var pageSize = request.PageSize switch
        {
            0 => query.Value.DefaultPageSize,
            var n when n < 0 || n > query.Value.MaxPageSize => throw new ArgumentException($"page_size: {n} is not between 1 and {query.Value.MaxPageSize}"),
            var n => n,
        };
        var hash = ListRequestValidator.QueryHash(filter, sort, descending);
        var now = time.GetUtcNow();

        DateTimeOffset from, to, asOf;
        IndexPosition? after = null;
        if (request.Cursor.Length > 0)
        {
            var cursor = cursors.Decode(request.Cursor);
            asOf = DateTimeOffset.FromUnixTimeMilliseconds(cursor.AsOfUnixMs);
            if (asOf < now - TimeSpan.FromMinutes(index.Value.CursorTtlMinutes))
                throw new ArgumentException("cursor: expired; start the list again");
            if (!cursor.QueryHash.Span.SequenceEqual(hash))
                throw new ArgumentException("cursor: belongs to a list with other filters or sort");
            from = DateTimeOffset.FromUnixTimeMilliseconds(cursor.FromUnixMs);
            to = DateTimeOffset.FromUnixTimeMilliseconds(cursor.ToUnixMs);
            after = new IndexPosition(cursor.LastValue, cursor.LastTraceId);
        }
        else
        {
            asOf = now;
            to = request.StartTimeTo?.ToDateTimeOffset() ?? now;
            from = request.StartTimeFrom?.ToDateTimeOffset() ?? to - TimeSpan.FromHours(query.Value.DefaultWindowHours);
            if (from > to) throw new ArgumentException("start_time_from: is after start_time_to");
            if (to - from > TimeSpan.FromDays(index.Value.MaxWindowDays))
                throw new ArgumentException($"start_time_from: the window spans {(to - from).TotalDays:0.#} days, the limit is {index.Value.MaxWindowDays}");
        }

        var o = index.Value;
        var indexQuery = new IndexQuery(from, to, asOf, filter, sort, descending, after, pageSize + 1);
        // Buckets wholly in the future hold nothing yet; skipping them saves activations.
        var last = to + o.Slack < now + o.BucketSize ? to : now;
        var keys = IndexPartition.KeysFor(api.DefaultWorkspace, from, last, o.Slack, o.BucketSize, o.Shards);
        var partials = await Task.WhenAll(keys.Select(k => grains.GetGrain<ITraceIndexGrain>(k).QueryAsync(indexQuery)));

        var page = Merge(partials, descending, pageSize + 1);
        var response = new ListTracesResponse();
        response.Traces.AddRange(page.Take(pageSize).Select(h => TraceMapper.ToSummary(h.Entry, api.DefaultWorkspace)));
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

    /// <summary>k-way merge of partitions' sorted answers, keeping the first <paramref name="take"/>.</summary>
    private static List<IndexHit> Merge(ImmutableArray<IndexHit>[] lists, bool descending, int take)
    {
        var comparer = Comparer<IndexHit>.Create((a, b) =>
            IndexOrder.Compare(a.SortValue, a.Entry.TraceId, b.SortValue, b.Entry.TraceId, descending));
        var heap = new PriorityQueue<(int List, int Position), IndexHit>(comparer);
        for (var i = 0; i < lists.Length; i++)
        {
            if (lists[i].Length > 0) heap.Enqueue((i, 0), lists[i][0]);
        }
        var merged = new List<IndexHit>(take);
        while (merged.Count < take && heap.TryDequeue(out var at, out var hit))
        {
            merged.Add(hit);
            if (at.Position + 1 < lists[at.List].Length) heap.Enqueue((at.List, at.Position + 1), lists[at.List][at.Position + 1]);
        }
        return merged;
    }
}
