namespace TraceGrains.Grains.Journal;

/// <summary>
/// Append-only logs in generations (a trace's journal, an index partition's journal): a snapshot
/// names the generation that follows it, so everything older can be retired.
/// </summary>
public interface IAppendLog
{
    /// <summary>
    /// Appends encoded frames to <paramref name="log"/>; returns once they are durable.
    /// <paramref name="knownMissing"/> says the generation surely does not exist yet, which saves a
    /// failed append before creating it.
    /// </summary>
    Task AppendAsync(string log, int generation, byte[] frames, bool knownMissing);

    /// <summary>Everything appended to a generation, or null when it does not exist.</summary>
    Task<ReadOnlyMemory<byte>?> ReadAsync(string log, int generation);

    /// <summary>Removes a generation that a snapshot covers.</summary>
    Task DeleteAsync(string log, int generation);
}

/// <summary>Names of the logs, which are also their blob folders.</summary>
public static class LogNames
{
    public static string Trace(TraceKey trace) =>
        $"journal/{Uri.EscapeDataString(trace.WorkspaceId)}/{Uri.EscapeDataString(trace.TraceId)}";

    /// <summary>An index partition's key is <c>workspace/bucket/shard</c>, already blob-safe apart from the workspace.</summary>
    public static string IndexPartition(string partitionKey) => $"index-journal/{partitionKey}";
}
