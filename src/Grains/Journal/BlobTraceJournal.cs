using Azure;
using Azure.Storage.Blobs.Specialized;
using TraceGrains.Grains.Storage;

namespace TraceGrains.Grains.Journal;

/// <summary>One append blob per trace and generation: <c>journal/{workspace}/{trace}/{generation}</c>.</summary>
public sealed class BlobTraceJournal(BlobContainerProvider containers) : ITraceJournal
{
    public async Task AppendAsync(TraceKey trace, int generation, byte[] frames, bool knownMissing)
    {
        var blob = Blob(trace, generation);
        if (knownMissing)
        {
            await blob.CreateIfNotExistsAsync();
            await AppendOnceAsync(blob, frames);
            return;
        }
        try
        {
            await AppendOnceAsync(blob, frames);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // First append of a generation: create the blob (a racing creator is fine) and append.
            await containers.EnsureCreatedAsync();
            await blob.CreateIfNotExistsAsync();
            await AppendOnceAsync(blob, frames);
        }
    }

    private static async Task AppendOnceAsync(AppendBlobClient blob, byte[] frames)
    {
        using var stream = new MemoryStream(frames, writable: false);
        await blob.AppendBlockAsync(stream);
    }

    public async Task<ReadOnlyMemory<byte>?> ReadAsync(TraceKey trace, int generation)
    {
        try
        {
            var result = await Blob(trace, generation).DownloadContentAsync();
            return result.Value.Content.ToMemory();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public Task DeleteAsync(TraceKey trace, int generation) => Blob(trace, generation).DeleteIfExistsAsync();

    private AppendBlobClient Blob(TraceKey trace, int generation) =>
        containers.Container.GetAppendBlobClient(
            $"journal/{Uri.EscapeDataString(trace.WorkspaceId)}/{Uri.EscapeDataString(trace.TraceId)}/{generation:D8}");
}
