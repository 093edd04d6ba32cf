namespace TraceGrains.Index;

/// <summary>
/// Rebuilds a workspace's trace index from the traces in storage, for when index partitions were
/// lost. Keyed by workspace id.
/// </summary>
[Alias("tg.IIndexRebuildGrain")]
public interface IIndexRebuildGrain : IGrainWithStringKey
{
    /// <summary>Has every stored trace of the workspace send its entry again; returns how many.</summary>
    [Alias("Rebuild"), ResponseTimeout("00:30:00")]
    Task<int> RebuildAsync();
}
