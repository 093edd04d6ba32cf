using TraceGrains.Index;

namespace TraceGrains.Grains.Index;

/// <summary>
/// Snapshot of one index partition: the current entry of every trace in it. Journal generation
/// <see cref="Generation"/> holds the entries changed since.
/// </summary>
[GenerateSerializer, Alias("tg.trace-index-state")]
public sealed class TraceIndexState
{
    [Id(0)] public List<TraceIndexEntry> Entries { get; set; } = [];
    [Id(1)] public int Generation { get; set; }
    [Id(2)] public long CoveredJournalBytes { get; set; }
}
