using TraceGrains.TestSupport;

namespace TraceGrains.Api.Tests;

/// <summary>Runs the Node client checks in tests/sdk (installing their pinned packages if needed).</summary>
public static class NodeScripts
{
    private static readonly string Dir = Path.Combine(RepoPaths.Root, "tests", "sdk");
    private static readonly SemaphoreSlim Install = new(1, 1);

    public static async Task<(int Exit, string Output)> RunAsync(string script, params string[] args)
    {
        await Install.WaitAsync();
        try
        {
            if (!File.Exists(Path.Combine(Dir, "node_modules", ".package-lock.json")))
            {
                var (exit, output) = await ExecAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"]);
                if (exit != 0) return (exit, "npm ci failed: " + output);
            }
        }
        finally
        {
            Install.Release();
        }
        return await ExecAsync("node", [script, .. args]);
    }

    private static Task<(int Exit, string Output)> ExecAsync(string file, string[] args) =>
        Processes.RunAsync(file, args, Dir, TimeSpan.FromMinutes(3));
}
