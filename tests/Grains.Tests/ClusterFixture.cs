using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using TraceGrains.Grains.Storage;
using TraceGrains.TestSupport;

namespace TraceGrains.Grains.Tests;

/// <summary>
/// An in-process Orleans test cluster whose trace storage is a real Azurite. Snapshots are made
/// small so tests cross journal generations quickly.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    public const int SnapshotMinJournalBytes = 4096;

    public AzuriteServer Azurite { get; private set; } = null!;
    public InProcessTestCluster Cluster { get; private set; } = null!;
    public IGrainFactory Grains => Cluster.Client;
    public StorageCounters Counters => Cluster.GetSiloServiceProvider().GetRequiredService<StorageCounters>();
    public BlobContainerProvider Blobs => Cluster.GetSiloServiceProvider().GetRequiredService<BlobContainerProvider>();

    public async Task InitializeAsync()
    {
        Azurite = await AzuriteServer.StartAsync();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TraceGrains:Storage:ConnectionString"] = Azurite.ConnectionString,
            ["TraceGrains:Storage:MaxRetries"] = "1",
            ["TraceGrains:Storage:RequestTimeoutSeconds"] = "3",
            ["TraceGrains:Journal:SnapshotMinJournalBytes"] = SnapshotMinJournalBytes.ToString(),
        }));
        builder.ConfigureSilo((_, silo) => silo.AddTraceGrains());
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>
    /// Deactivates every idle grain, so the next call loads from storage. A trace busy at that moment
    /// (its index timer firing, later under load) is skipped by the collection, so it is asked again
    /// until no trace is left in memory, polling with a ten-second deadline.
    /// </summary>
    public async Task DeactivateAllAsync()
    {
        var management = Grains.GetGrain<IManagementGrain>(0);
        var traceGrain = typeof(TraceGrain).FullName + ",";  // grain types read "Namespace.Class,Assembly"
        await Poll.UntilAsync(async () =>
        {
            await management.ForceActivationCollection(TimeSpan.Zero);
            var stats = await management.GetSimpleGrainStatistics();
            return !stats.Any(s => s.ActivationCount > 0 && s.GrainType.StartsWith(traceGrain, StringComparison.Ordinal));
        }, TimeSpan.FromSeconds(10), "every trace grain to deactivate");
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
