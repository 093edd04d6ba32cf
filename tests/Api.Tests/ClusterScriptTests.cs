using System.Diagnostics;
using System.Net;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Grpc.Core;
using Grpc.Net.Client;
using TraceGrains.Api.V1;
using TraceGrains.TestSupport;
using static TraceGrains.Api.Tests.PortkeyLogs;
using static TraceGrains.TestSupport.Spans;

namespace TraceGrains.Api.Tests;

/// <summary>scripts/cluster.sh on real processes: Azurite, Redis, 3 silos and 2 API nodes.</summary>
public sealed class ClusterScriptTests
{
    private static readonly string Script = Path.Combine(RepoPaths.Root, "scripts", "cluster.sh");
    private static readonly string PidFile = Path.Combine(RepoPaths.Root, ".run", "cluster", "pids");

    [Fact]
    public async Task ClusterScript_StartsSilosAndApiNodes_EitherNodeServesAnyTrace_StopStopsEveryProcess()
    {
        // Traces checkpoint only when told to: until then an acknowledged span is only in its silo's log.
        var (started, startOutput) = await RunAsync("start", TimeSpan.FromMinutes(6), new Dictionary<string, string>
        {
            ["TraceGrains__Wal__SegmentMaxAgeSeconds"] = "3600",
            ["TraceGrains__Wal__RecoveryIntervalSeconds"] = "1",
        });
        try
        {
            Assert.True(started == 0, startOutput);
            var processes = File.ReadAllLines(PidFile).Select(l => l.Split(' ')).ToDictionary(p => p[0], p => int.Parse(p[1]));
            Assert.Equal(["api1", "api2", "azurite", "redis", "silo1", "silo2", "silo3"], processes.Keys.Order());
            Assert.All(processes.Values, pid => Assert.False(Process.GetProcessById(pid).HasExited));

            // The script gives the API nodes a development key (workspace default) and writes it here.
            var key = File.ReadAllText(Path.Combine(RepoPaths.Root, ".run", "cluster", "dev-key")).Trim();
            using var http = new HttpClient(KeyHeaderHandler.Bearer(key)) { BaseAddress = new Uri("http://127.0.0.1:8081") };
            using var channel = GrpcChannel.ForAddress("http://127.0.0.1:4337", new GrpcChannelOptions { HttpHandler = KeyHeaderHandler.Bearer(key) });
            using (var anonymous = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:8082") })
                Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(anonymous, Log(NewId(), "x"))).Response.StatusCode);
            var query = new TraceQuery.TraceQueryClient(channel);
            var traces = Enumerable.Range(0, 12).Select(_ => NewId()).ToList();
            foreach (var trace in traces)
                Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, Log(trace, "root", cost: "0.5"))).Response.StatusCode);

            foreach (var trace in traces)
            {
                var read = await query.GetTraceAsync(new GetTraceRequest { TraceId = trace }); // through the other API node
                Assert.Equal((1, 0.5), (read.Summary.SpanCount, read.Summary.TotalCostUsd));
            }

            await KillSiloBeforeCheckpoint_EveryAcknowledgedSpanIsReplayedAsync(processes["silo2"], http, query);
        }
        finally
        {
            var pids = File.Exists(PidFile) ? File.ReadAllLines(PidFile).Select(l => int.Parse(l.Split(' ')[1])).ToList() : [];
            var (stopped, stopOutput) = await RunAsync("stop", TimeSpan.FromMinutes(3));
            Assert.True(stopped == 0, stopOutput);
            Assert.All(pids, pid => Assert.False(IsAlive(pid), $"pid {pid} still runs after stop"));
        }
    }

    /// <summary>
    /// Spans are acknowledged while no trace has checkpointed (the only durable copy is in the silos'
    /// logs); silo 2 is SIGKILLed; a survivor replays its log, and every acknowledged span is read back.
    /// </summary>
    private static async Task KillSiloBeforeCheckpoint_EveryAcknowledgedSpanIsReplayedAsync(int silo, HttpClient http, TraceQuery.TraceQueryClient query)
    {
        var traces = Enumerable.Range(0, 30).Select(_ => NewId()).ToList();
        foreach (var trace in traces)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, Log(trace, "root", cost: "0.5"))).Response.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, Log(trace, "child", parentSpanId: "root", cost: "0.25"))).Response.StatusCode);
        }
        var container = new BlobServiceClient(ClusterStorage, new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06)).GetBlobContainerClient("tracegrains");
        var snapshots = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, "state/trace/", CancellationToken.None)) snapshots.Add(blob.Name);
        Assert.DoesNotContain(snapshots, name => traces.Any(t => name.Contains(t, StringComparison.Ordinal)));

        Process.GetProcessById(silo).Kill();

        foreach (var trace in traces)
        {
            await Poll.UntilAsync(async () =>
            {
                try
                {
                    var read = await query.GetTraceAsync(new GetTraceRequest { TraceId = trace });
                    return (read.Summary.SpanCount, read.Summary.TotalCostUsd) == (2, 0.75);
                }
                catch (RpcException)
                {
                    return false; // NOT_FOUND before the replay, UNAVAILABLE while the cluster notices the dead silo
                }
            }, TimeSpan.FromSeconds(90), $"both acknowledged spans of trace {trace} after the kill");
        }
    }

    private const string ClusterStorage = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10100/devstoreaccount1;";

    private static bool IsAlive(int pid)
    {
        try { return !Process.GetProcessById(pid).HasExited; }
        catch (ArgumentException) { return false; }
    }

    private static Task<(int Exit, string Output)> RunAsync(string verb, TimeSpan limit, IReadOnlyDictionary<string, string>? environment = null) =>
        Processes.RunAsync("bash", [Script, verb], RepoPaths.Root, limit, environment);
}
