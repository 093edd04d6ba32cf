using Azure.Storage.Blobs.Models;
using TraceGrains.Grains.Storage;
using TraceGrains.Index;

namespace TraceGrains.Grains.Index;

/// <summary>
/// Finds every trace of a workspace from its stored blobs (snapshots and journals) and asks each to
/// re-send its index entry, a bounded number at a time.
/// </summary>
public sealed class IndexRebuildGrain(BlobContainerProvider blobs) : Grain, IIndexRebuildGrain
{
    private const int Concurrency = 16;

    public async Task<int> RebuildAsync()
    {
        var workspace = this.GetPrimaryKeyString();
        var traces = new HashSet<string>(StringComparer.Ordinal);
        var container = blobs.Container;
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"journal/{Uri.EscapeDataString(workspace)}/", CancellationToken.None))
        {
            var parts = blob.Name.Split('/');
            if (parts.Length == 4) traces.Add(Uri.UnescapeDataString(parts[2]));
        }
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, "state/trace/", CancellationToken.None))
        {
            // state/trace/{escaped grain id}, the grain id being "{grain type}/{workspace}/{trace}".
            var grainId = Uri.UnescapeDataString(blob.Name["state/trace/".Length..]);
            var key = grainId[(grainId.IndexOf('/') + 1)..];
            if (key.StartsWith(workspace + "/", StringComparison.Ordinal)) traces.Add(TraceKey.Parse(key).TraceId);
        }

        using var gate = new SemaphoreSlim(Concurrency);
        await Task.WhenAll(traces.Select(async traceId =>
        {
            await gate.WaitAsync();
            try
            {
                await GrainFactory.Trace(workspace, traceId).ReindexAsync();
            }
            finally
            {
                gate.Release();
            }
        }));
        return traces.Count;
    }
}
