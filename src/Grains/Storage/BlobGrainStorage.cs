using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace TraceGrains.Grains.Storage;

/// <summary>
/// Orleans grain storage on block blobs: one blob per grain state, written with If-Match on the
/// ETag it read (If-None-Match:* for the first write), so a stale writer fails with
/// <see cref="InconsistentStateException"/> instead of overwriting newer state.
/// </summary>
public sealed partial class BlobGrainStorage(
    string name, BlobContainerProvider containers, Serializer serializer, IOptions<BlobStorageOptions> options,
    ILogger<BlobGrainStorage> logger)
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var blob = containers.Container.GetBlobClient(BlobName(stateName, grainId));
        try
        {
            var result = await blob.DownloadContentAsync();
            var content = result.Value.Content.ToMemory();
            if (result.Value.Details.ContentEncoding == Brotli)
            {
                using var expanded = PooledBytes.Decompress(content.Span);
                grainState.State = serializer.Deserialize<T>(expanded.Memory);
            }
            else
            {
                grainState.State = serializer.Deserialize<T>(content);
            }
            grainState.ETag = result.Value.Details.ETag.ToString();
            grainState.RecordExists = true;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var blob = containers.Container.GetBlobClient(BlobName(stateName, grainId));
        var conditions = grainState.ETag is { } etag
            ? new BlobRequestConditions { IfMatch = new ETag(etag) }
            : new BlobRequestConditions { IfNoneMatch = ETag.All };
        using var bytes = PooledBytes.Write(w => serializer.Serialize(grainState.State, w));
        // Compressed when that makes it smaller, and marked so (Content-Encoding: br); a reader takes either form.
        using var packed = options.Value.CompressionQuality > 0 ? PooledBytes.Compress(bytes.Memory.Span, options.Value.CompressionQuality) : null;
        try
        {
            var upload = new BlobUploadOptions { Conditions = conditions };
            if (packed is not null) upload.HttpHeaders = new BlobHttpHeaders { ContentEncoding = Brotli };
            var result = await blob.UploadAsync(new BinaryData((packed ?? bytes).Memory), upload);
            grainState.ETag = result.Value.ETag.ToString();
            grainState.RecordExists = true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            LogConflict(logger, name, grainId, e.Status);
            throw new InconsistentStateException(
                $"Blob state of {grainId} changed since it was read (HTTP {e.Status}).", "unknown", grainState.ETag ?? "none");
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var blob = containers.Container.GetBlobClient(BlobName(stateName, grainId));
        var conditions = grainState.ETag is { } etag ? new BlobRequestConditions { IfMatch = new ETag(etag) } : null;
        try
        {
            await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, conditions);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            throw new InconsistentStateException(
                $"Blob state of {grainId} changed since it was read.", "unknown", grainState.ETag ?? "none");
        }
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(OptionFormattingUtilities.Name<BlobGrainStorage>(name),
            ServiceLifecycleStage.ApplicationServices, _ => containers.EnsureCreatedAsync());

    private const string Brotli = "br";

    /// <summary>GrainId.ToString() contains '/', which blob names treat as folders: escape it.</summary>
    internal static string BlobName(string stateName, GrainId grainId) =>
        $"state/{Uri.EscapeDataString(stateName)}/{Uri.EscapeDataString(grainId.ToString())}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage {Provider}: write conflict on {GrainId} (HTTP {Status})")]
    private static partial void LogConflict(ILogger logger, string provider, GrainId grainId, int status);
}
