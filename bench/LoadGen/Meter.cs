using System.Diagnostics;

namespace TraceGrains.Bench.LoadGen;

/// <summary>Wall clock and CPU time of this process (and optionally the server's) at one moment.</summary>
internal readonly record struct Meter(TimeSpan Wall, TimeSpan Cpu, TimeSpan? ServerCpu)
{
    private static readonly long Origin = Stopwatch.GetTimestamp();

    public static Meter Now(int? serverPid)
    {
        using var self = Process.GetCurrentProcess();
        return new(Stopwatch.GetElapsedTime(Origin), self.TotalProcessorTime, ServerCpuOf(serverPid));
    }

    private static TimeSpan? ServerCpuOf(int? pid)
    {
        if (pid is null) return null;
        try
        {
            using var server = Process.GetProcessById(pid.Value);
            return server.TotalProcessorTime;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return null; // the process has gone
        }
    }
}
