namespace TraceGrains;

/// <summary>
/// Identity of a trace: the workspace that owns it and its trace id. The grain key joins both, so
/// traces of different workspaces can never share a grain.
/// </summary>
public readonly record struct TraceKey(string WorkspaceId, string TraceId)
{
    public const string DefaultWorkspace = "default";
    private const char Separator = '/';

    /// <summary>The string key of the trace's grain: <c>workspace/traceId</c>.</summary>
    public string GrainKey => WorkspaceId + Separator + TraceId;

    /// <summary>Splits a grain key made by <see cref="GrainKey"/>.</summary>
    public static TraceKey Parse(string grainKey)
    {
        var at = grainKey.IndexOf(Separator);
        if (at <= 0 || at == grainKey.Length - 1)
            throw new FormatException($"'{grainKey}' is not a workspace/trace key.");
        return new TraceKey(grainKey[..at], grainKey[(at + 1)..]);
    }

    public override string ToString() => GrainKey;
}
