using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace TraceGrains.Grains.Storage;

/// <summary>The one blob container every store of this silo writes to, created once.</summary>
public sealed class BlobContainerProvider
{
    private readonly Lazy<Task> _created;

    public BlobContainerProvider(IOptions<BlobStorageOptions> options, StorageCounters counters)
    {
        var o = options.Value;
        var clientOptions = new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06);
        clientOptions.Retry.MaxRetries = o.MaxRetries;
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(o.RequestTimeoutSeconds);
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(100);
        clientOptions.AddPolicy(counters, Azure.Core.HttpPipelinePosition.PerRetry);
        Container = new BlobServiceClient(o.ConnectionString, clientOptions).GetBlobContainerClient(o.ContainerName);
        _created = new(() => Container.CreateIfNotExistsAsync());
    }

    public BlobContainerClient Container { get; }

    public Task EnsureCreatedAsync() => _created.Value;
}
