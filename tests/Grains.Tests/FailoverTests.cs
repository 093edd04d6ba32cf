using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.TestingHost;
using TraceGrains.TestSupport;
using static TraceGrains.TestSupport.Spans;

namespace TraceGrains.Grains.Tests;

/// <summary>Three silos over a real Azurite; silos die and join while traces are written.</summary>
public sealed class FailoverTests : IAsyncLifetime
{
    private AzuriteServer _azurite = null!;
    private InProcessTestCluster _cluster = null!;

    private IGrainFactory Grains => _cluster.Client;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.StartAsync();
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TraceGrains:Storage:ConnectionString"] = _azurite.ConnectionString,
        }));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Configure<ClusterMembershipOptions>(m => { m.ProbeTimeout = TimeSpan.FromSeconds(2); m.NumMissedProbesLimit = 2; });
            silo.AddTraceGrains();
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    private ITraceGrain Trace(string id) => Grains.GetGrain<ITraceGrain>(new TraceKey("default", id).GrainKey);

    private async Task<int> TraceActivationsOn(SiloAddress silo) =>
        (await Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics(hostsIds: [silo]))
            .Count(s => s.GrainType.Contains("TraceGrain", StringComparison.Ordinal));

    [Fact]
    public async Task KillSilo_WhileIngesting_EveryAcknowledgedSpanSurvives_AndTracesReloadWithIdenticalTotals()
    {
        var traces = Enumerable.Range(0, 40).Select(_ => NewId()).ToList();
        var acknowledged = new ConcurrentDictionary<string, ConcurrentBag<string>>();
        var failures = 0;

        async Task RoundAsync(int round) => await Task.WhenAll(traces.Select(async trace =>
        {
            var span = Span(trace, $"r{round}", parent: round == 0 ? null : "r0", cost: 0.001m, input: round);
            try
            {
                await Trace(trace).AddSpansAsync([span]);
                acknowledged.GetOrAdd(trace, _ => []).Add(span.SpanId);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref failures); // not acknowledged: the client would retry
            }
        }));

        for (var round = 0; round < 5; round++) await RoundAsync(round);
        var victim = _cluster.Silos[1];
        Assert.True(await TraceActivationsOn(victim.SiloAddress) > 0, "no trace lived on the silo about to die");
        await _cluster.KillSiloAsync(victim);
        for (var round = 5; round < 15; round++) await RoundAsync(round);

        var before = new Dictionary<string, TraceSummary>();
        foreach (var trace in traces)
        {
            // Spans acknowledged by the dead silo come back once a survivor replays its log.
            var details = await ReadWithRetryAsync(trace, acknowledged[trace].ToHashSet());
            Assert.Superset(acknowledged[trace].ToHashSet(), details.Spans.Select(s => s.Span.SpanId).ToHashSet());
            before[trace] = details.Summary;
        }
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        foreach (var trace in traces)
        {
            var after = (await ReadWithRetryAsync(trace, new HashSet<string>())).Summary;
            Assert.Equal(Comparable(before[trace]), Comparable(after));
        }
    }

    [Fact]
    public async Task SiloJoins_NewTracesActivateOnIt()
    {
        var joined = await _cluster.StartAdditionalSiloAsync();
        await Poll.UntilAsync(async () => (await Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count == 4,
            TimeSpan.FromSeconds(30), "the fourth silo to be active");

        foreach (var trace in Enumerable.Range(0, 80).Select(_ => NewId()))
            await Trace(trace).AddSpansAsync([Span(trace, "root")]);

        Assert.True(await TraceActivationsOn(joined.SiloAddress) > 0, "no new trace activated on the joined silo");
    }

    /// <summary>
    /// Reads retry while the cluster notices the dead silo and replays its log, until the trace holds
    /// every span in <paramref name="expected"/> (bounded by a deadline).
    /// </summary>
    private async Task<TraceDetails> ReadWithRetryAsync(string trace, IReadOnlySet<string> expected)
    {
        TraceDetails? details = null;
        await Poll.UntilAsync(async () =>
        {
            try
            {
                details = await Trace(trace).GetTraceAsync();
                return details is not null && expected.IsSubsetOf(details.Spans.Select(s => s.Span.SpanId));
            }
            catch (Exception)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), $"trace {trace} to be readable");
        return details!;
    }

    /// <summary>The totals; FirstSeen/LastSeen and arrays compared by value.</summary>
    private static object Comparable(TraceSummary s) => (s.SpanCount, s.ErrorCount, s.TotalCostUsd, s.InputTokens, s.DurationMs,
        string.Join(',', s.Models), s.FirstSeen, s.LastSeen, s.RootCount, s.OrphanCount);
}
