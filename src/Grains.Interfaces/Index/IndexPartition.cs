namespace TraceGrains.Index;

/// <summary>Where a trace's index entry lives: <c>workspace/bucketStart/shard</c>.</summary>
public static class IndexPartition
{
    public static long BucketOf(DateTimeOffset time, TimeSpan bucketSize) =>
        time.ToUnixTimeSeconds() / (long)bucketSize.TotalSeconds * (long)bucketSize.TotalSeconds;

    /// <summary>FNV-1a over the id's UTF-16 code units: stable across processes and versions.</summary>
    public static int ShardOf(string traceId, int shards)
    {
        var hash = 2166136261u;
        foreach (var c in traceId)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)(hash % (uint)shards);
    }

    public static string Key(string workspaceId, long bucket, int shard) => $"{workspaceId}/{bucket}/{shard}";

    public static string KeyOf(string workspaceId, TraceIndexEntry entry, TimeSpan bucketSize, int shards) =>
        Key(workspaceId, BucketOf(entry.IndexTime, bucketSize), ShardOf(entry.TraceId, shards));

    /// <summary>Every partition whose bucket may hold traces that start within [from, to + slack].</summary>
    public static IEnumerable<string> KeysFor(string workspaceId, DateTimeOffset from, DateTimeOffset to, TimeSpan slack, TimeSpan bucketSize, int shards)
    {
        var step = (long)bucketSize.TotalSeconds;
        for (var bucket = BucketOf(from, bucketSize); bucket <= BucketOf(to + slack, bucketSize); bucket += step)
        {
            for (var shard = 0; shard < shards; shard++) yield return Key(workspaceId, bucket, shard);
        }
    }
}
