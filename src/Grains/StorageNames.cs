namespace TraceGrains.Grains;

/// <summary>Names of the grain storage providers.</summary>
public static class StorageNames
{
    /// <summary>Trace snapshots and feedback links, on blob storage.</summary>
    public const string Traces = "traces";

    /// <summary>The state name of a trace's snapshot (part of its blob name).</summary>
    public const string TraceSnapshot = "trace";
}
