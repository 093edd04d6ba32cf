namespace TraceGrains.TestSupport;

/// <summary>Finds the repository root (the folder holding TraceGrains.sln) from the test binaries.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TraceGrains.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No TraceGrains.sln above {AppContext.BaseDirectory}.");
    }
}
