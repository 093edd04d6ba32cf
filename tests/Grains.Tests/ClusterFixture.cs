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

    /// <summary>Deactivates every idle grain, so the next call loads from storage.</summary>
    public Task DeactivateAllAsync() =>
        Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

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
