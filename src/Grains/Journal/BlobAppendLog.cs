using Azure;
using Azure.Storage.Blobs.Specialized;
using TraceGrains.Grains.Storage;

namespace TraceGrains.Grains.Journal;

/// <summary>One append blob per log and generation: <c>{log}/{generation:D8}</c>.</summary>
public sealed class BlobAppendLog(BlobContainerProvider containers) : IAppendLog
{
    public async Task AppendAsync(string log, int generation, byte[] frames, bool knownMissing)
    {
        var blob = Blob(log, generation);
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

    public async Task<ReadOnlyMemory<byte>?> ReadAsync(string log, int generation)
    {
        try
        {
            var result = await Blob(log, generation).DownloadContentAsync();
            return result.Value.Content.ToMemory();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public Task DeleteAsync(string log, int generation) => Blob(log, generation).DeleteIfExistsAsync();

    private AppendBlobClient Blob(string log, int generation) =>
        containers.Container.GetAppendBlobClient($"{log}/{generation:D8}");
}
