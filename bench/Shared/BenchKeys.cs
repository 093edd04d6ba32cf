namespace TraceGrains.Bench;

/// <summary>The keys a bench program talks to a local node with.</summary>
public static class BenchKeys
{
    /// <summary>
    /// The key in <paramref name="variable"/>, else the one scripts/run.sh keeps in
    /// <c>.data/<paramref name="file"/></c> of the checkout the program runs from.
    /// </summary>
    public static string From(string variable, string file)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value) return value;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, ".data", file);
            if (File.Exists(path)) return File.ReadAllText(path).Trim();
        }
        throw new InvalidOperationException($"No key: set {variable} or start the node with scripts/run.sh (it writes .data/{file}).");
    }
}
