using System.Diagnostics;
using System.Net.Sockets;

namespace TraceGrains.TestSupport;

/// <summary>
/// A real Azurite blob service on 127.0.0.1 and a free port, started through azurite/start.sh and
/// stopped by its PID. On disk in a temporary folder, so it can be stopped and started again with
/// its data (to cause a storage outage for real).
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("tracegrains-azurite-").FullName;
    private Process? _process;

    public int Port { get; } = FreePorts.Next();

    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    public static async Task<AzuriteServer> StartAsync()
    {
        var server = new AzuriteServer();
        await server.StartAgainAsync();
        return server;
    }

    public async Task StartAgainAsync()
    {
        var script = Path.Combine(RepoPaths.Root, "azurite", "start.sh");
        var start = new ProcessStartInfo("bash", [script, _dataDir, Port.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Azurite.");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        // The first start on a fresh clone runs npm ci, hence the generous deadline.
        await Poll.UntilAsync(async () =>
        {
            if (_process.HasExited) throw new InvalidOperationException($"Azurite exited with {_process.ExitCode}; run 'npm ci' in azurite/.");
            return await AcceptsAsync(Port);
        }, TimeSpan.FromMinutes(3), $"Azurite on port {Port}");
    }

    /// <summary>
    /// Stops Azurite by its PID with SIGTERM (it saves its metadata then; after SIGKILL its on-disk
    /// store can lose recent containers), SIGKILL after 10 s, and waits until the port is closed.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, SigTerm);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try { await _process.WaitForExitAsync(grace.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        _process.Dispose();
        _process = null;
        await Poll.UntilAsync(async () => !await AcceptsAsync(Port), TimeSpan.FromSeconds(10), $"port {Port} to close");
    }

    private const int SigTerm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }
}
