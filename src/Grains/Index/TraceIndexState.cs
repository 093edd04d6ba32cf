using TraceGrains.Index;

namespace TraceGrains.Grains.Index;

/// <summary>Stored form of one index partition: the current entry of every trace in it.</summary>
[GenerateSerializer, Alias("tg.trace-index-state")]
public sealed class TraceIndexState
{
    [Id(0)] public List<TraceIndexEntry> Entries { get; set; } = [];
}
