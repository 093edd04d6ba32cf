namespace TraceGrains.Grains.Journal;

/// <summary>
/// The append-only log of one trace, in generations: a snapshot names the generation that follows
/// it, so everything older can be retired.
/// </summary>
public interface ITraceJournal
{
    /// <summary>
    /// Appends encoded frames; returns once they are durable. <paramref name="knownMissing"/> says the
    /// generation surely does not exist yet, which saves a failed append before creating it.
    /// </summary>
    Task AppendAsync(TraceKey trace, int generation, byte[] frames, bool knownMissing);

    /// <summary>Everything appended to a generation, or null when it does not exist.</summary>
    Task<ReadOnlyMemory<byte>?> ReadAsync(TraceKey trace, int generation);

    /// <summary>Removes a generation that a snapshot covers.</summary>
    Task DeleteAsync(TraceKey trace, int generation);
}
