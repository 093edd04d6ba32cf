using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;
using TraceGrains.Grains.Storage;
using TraceGrains.Grains.Wal;
using TraceGrains.TestSupport;
using static TraceGrains.TestSupport.Spans;

namespace TraceGrains.Grains.Tests;

/// <summary>
/// The silo-wide write-ahead log on two silos over a real Azurite: group commit across traces,
/// checkpoints and segment retirement. (Replay after a silo process is SIGKILLed before its traces
/// checkpointed is tested on real processes in ClusterScriptTests.)
/// </summary>
public sealed class SharedLogTests : IAsyncLifetime
{
    private AzuriteServer _azurite = null!;
    private InProcessTestCluster _cluster = null!;
    private int _segmentAgeSeconds = 3600;

    private IGrainFactory Grains => _cluster.Client;
    private BlobContainerProvider Blobs => _cluster.GetSiloServiceProvider().GetRequiredService<BlobContainerProvider>();

    public async Task InitializeAsync() => _azurite = await AzuriteServer.StartAsync();

    private async Task StartClusterAsync(int segmentAgeSeconds)
    {
        _segmentAgeSeconds = segmentAgeSeconds;
        _cluster = await NewClusterAsync(2);
    }

    /// <param name="recover">Off: this cluster leaves other silos' logs alone (a second cluster over the same
    /// storage would otherwise take the first one's logs for a dead silo's and replay them).</param>
    private async Task<InProcessTestCluster> NewClusterAsync(int silos, bool recover = true)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TraceGrains:Storage:ConnectionString"] = _azurite.ConnectionString,
            ["TraceGrains:Wal:SegmentMaxAgeSeconds"] = _segmentAgeSeconds.ToString(),
            ["TraceGrains:Wal:RetireIntervalMs"] = "100",
            ["TraceGrains:Wal:RecoveryIntervalSeconds"] = recover ? "1" : "3600",
        }));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Configure<ClusterMembershipOptions>(m => { m.ProbeTimeout = TimeSpan.FromSeconds(2); m.NumMissedProbesLimit = 2; });
            silo.AddTraceGrains();
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    private ITraceGrain Trace(string id) => Grains.GetGrain<ITraceGrain>(new TraceKey("default", id).GrainKey);

    private async Task<List<string>> BlobsUnder(string prefix)
    {
        var names = new List<string>();
        await foreach (var blob in Blobs.Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, CancellationToken.None)) names.Add(blob.Name);
        return names;
    }

    private async Task<Dictionary<string, HashSet<string>>> WriteAsync(int traces, int rounds)
    {
        var written = Enumerable.Range(0, traces).ToDictionary(_ => NewId(), _ => new HashSet<string>());
        for (var round = 0; round < rounds; round++)
        {
            await Task.WhenAll(written.Select(async t =>
            {
                var span = Span(t.Key, $"r{round}", parent: round == 0 ? null : "r0", cost: 0.001m, input: 10);
                var result = await Trace(t.Key).AddSpansAsync([span]);
                Assert.Equal(1, result.Accepted);
                lock (t.Value) t.Value.Add(span.SpanId);
            }));
        }
        return written;
    }

    [Fact]
    public async Task ConcurrentWritesToManyTraces_ShareLogAppends()
    {
        await StartClusterAsync(3600);
        var counters = _cluster.Silos.Select(s => _cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<StorageCounters>()).ToList();
        long WalRequests() => counters.Sum(c => c.ByCategory()["wal"].Requests);
        await WriteAsync(traces: 20, rounds: 1); // segments exist now
        var before = WalRequests();

        await WriteAsync(traces: 200, rounds: 1);

        var requests = WalRequests() - before;
        Assert.True(requests < 60, $"200 concurrent writes to 200 traces made {requests} log requests");
    }

    [Fact]
    public async Task SealedSegments_TracesCheckpoint_ThenSegmentsAreDeleted_AndStorageHoldsEverything()
    {
        await StartClusterAsync(1);
        var first = await WriteAsync(traces: 30, rounds: 3);
        var firstSegments = await BlobsUnder(WalNames.Root);
        Assert.NotEmpty(firstSegments);
        await Poll.UntilAsync(async () => !(await BlobsUnder(WalNames.Root)).Intersect(firstSegments).Any(), TimeSpan.FromSeconds(30), "the first segments to be retired");

        // Later writes go to new segments: a segment number is never used twice.
        var second = await WriteAsync(traces: 30, rounds: 2);
        Assert.Empty((await BlobsUnder(WalNames.Root)).Intersect(firstSegments));
        var written = first.Concat(second).ToDictionary();

        await Poll.UntilAsync(async () => (await BlobsUnder(WalNames.Root)).Count == 0, TimeSpan.FromSeconds(30), "every log segment to be retired");
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        foreach (var (trace, spans) in written)
        {
            var details = await Trace(trace).GetTraceAsync();
            Assert.NotNull(details);
            Assert.Equal(spans.Order(), details.Spans.Select(s => s.Span.SpanId).Order());
        }
    }

    [Fact]
    public async Task ActivationThatMissedAnotherActivationsWrite_NoticesOnRead_AndReloads()
    {
        // Two activations of one trace, as after a silo failure: here one in each of two clusters
        // over the same storage. The first has read the trace while it was empty.
        await StartClusterAsync(3600);
        await using var other = await NewClusterAsync(1);
        var trace = NewId();
        Assert.Null(await Trace(trace).GetTraceAsync());

        var elsewhere = other.Client.GetGrain<ITraceGrain>(new TraceKey("default", trace).GrainKey);
        await elsewhere.AddSpansAsync([Span(trace, "root"), Span(trace, "child", parent: "root")]);
        await other.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero); // checkpoints it

        await Poll.UntilAsync(async () =>
        {
            try
            {
                return (await Trace(trace).GetTraceAsync())?.Summary.SpanCount == 2;
            }
            catch (TraceStoreUnavailableException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "the stale activation to reload the stored trace");
    }
    [Fact]
    public async Task SpansAcknowledgedByAnActivationWhoseSnapshotWriteConflicts_AreReadableAgainWithinSeconds()
    {
        // Two activations of one trace, as after a silo failure (one in each of two clusters over the
        // same storage). The stale one takes a span, then fails to write its snapshot because the other
        // created it: its log records must reach the trace's next activation now, not when the segment
        // retires (segments here live an hour).
        await StartClusterAsync(3600);
        await using var other = await NewClusterAsync(1, recover: false);
        var trace = NewId();
        Assert.Null(await Trace(trace).GetTraceAsync());                  // the stale activation, empty

        var elsewhere = other.Client.GetGrain<ITraceGrain>(new TraceKey("default", trace).GrainKey);
        await elsewhere.AddSpansAsync([Span(trace, "root"), Span(trace, "child", parent: "root")]);
        await other.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero); // stores the snapshot

        var late = await Trace(trace).AddSpansAsync([Span(trace, "late", parent: "root")]);
        Assert.Empty(late.Rejected);                                        // acknowledged, in this cluster's log
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero); // its snapshot write gets 409

        await Poll.UntilAsync(async () =>
        {
            try
            {
                return (await Trace(trace).GetTraceAsync())?.Spans.Select(s => s.Span.SpanId).Order().SequenceEqual(["child", "late", "root"]) == true;
            }
            catch (TraceStoreUnavailableException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(20), "the acknowledged span to be readable again");
    }
}
