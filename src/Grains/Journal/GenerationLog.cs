namespace TraceGrains.Grains.Journal;

/// <summary>
/// The current generation of one append log, as a grain that snapshots it sees it: what it holds,
/// whether a snapshot is due, and the switch to the next generation once a snapshot covers this one.
/// Shared by trace grains and index partitions so that both follow the same snapshot rule.
/// </summary>
public sealed class GenerationLog(IAppendLog log, string name, JournalOptions options)
{
    private int _appends;
    private bool _missing;

    /// <summary>Bytes appended to the current generation.</summary>
    public long Bytes { get; private set; }

    /// <summary>Reads a generation to replay it; it becomes the current one.</summary>
    public async Task<ReadOnlyMemory<byte>?> OpenAsync(int generation)
    {
        var data = await log.ReadAsync(name, generation);
        _missing = data is null;
        Bytes = data?.Length ?? 0;
        _appends = 0;
        return data;
    }

    /// <summary>Appends frames to the current generation; returns once they are durable.</summary>
    public async Task AppendAsync(int generation, byte[] frames)
    {
        await log.AppendAsync(name, generation, frames, _missing);
        _missing = false;
        Bytes += frames.Length;
        _appends++;
    }

    /// <summary>
    /// Due once this generation holds at least <see cref="JournalOptions.SnapshotMinJournalBytes"/> and
    /// at least as many bytes as all generations the last snapshot covers (so snapshot sizes grow
    /// geometrically and snapshot bytes per record stay bounded), or nears the append blob's block limit.
    /// </summary>
    public bool SnapshotDue(long coveredBytes) =>
        _appends >= options.MaxAppendsPerGeneration || Bytes >= Math.Max(options.SnapshotMinJournalBytes, coveredBytes);

    /// <summary>After the first snapshot of a log that never had a generation: the next one starts empty.</summary>
    public void StartEmpty()
    {
        Bytes = 0;
        _appends = 0;
        _missing = true;
    }

    /// <summary>
    /// After a snapshot covering <paramref name="retired"/> was written: the next generation starts
    /// empty and the retired one is deleted. A failed delete is returned, not thrown: nothing reads
    /// a retired generation again.
    /// </summary>
    public async Task<Exception?> RollOverAsync(int retired)
    {
        Bytes = 0;
        _appends = 0;
        _missing = true;
        try
        {
            await log.DeleteAsync(name, retired);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
