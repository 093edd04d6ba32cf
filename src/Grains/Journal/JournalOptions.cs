using System.ComponentModel.DataAnnotations;

namespace TraceGrains.Grains.Journal;

/// <summary>When a trace folds its journal into a snapshot. Section <c>TraceGrains:Journal</c>.</summary>
public sealed class JournalOptions
{
    public const string Section = "TraceGrains:Journal";

    /// <summary>
    /// A snapshot is written once the journal since the last one holds at least this many bytes and at
    /// least as many as all journals the last snapshot covers together. The second rule makes snapshot
    /// sizes grow geometrically, so snapshot bytes per span stay constant however large a trace gets.
    /// </summary>
    [Range(1024, 64 * 1024 * 1024)] public int SnapshotMinJournalBytes { get; set; } = 256 * 1024;

    /// <summary>Appends per journal generation before a snapshot is forced (append blobs take 50,000).</summary>
    [Range(1, 49_000)] public int MaxAppendsPerGeneration { get; set; } = 10_000;
}
