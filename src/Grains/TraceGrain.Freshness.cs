using Azure;
using Microsoft.Extensions.Logging;
using TraceGrains.Grains.Storage;

namespace TraceGrains.Grains;

/// <summary>
/// After a silo dies, two activations of one trace can exist for a while; the one that keeps
/// serving reads may miss spans the other took back from the dead silo's log and stored. Reads
/// therefore check, in the background and at most every 10 seconds, that the stored snapshot is
/// still the one this activation holds; if another activation wrote it, this one deactivates and
/// the next call loads the stored trace.
/// </summary>
public sealed partial class TraceGrain
{
    private static readonly TimeSpan FreshnessInterval = TimeSpan.FromSeconds(10);
    private DateTimeOffset _nextFreshnessCheck;
    private Task? _freshnessCheck;

    private void CheckFreshnessSoon()
    {
        var now = time.GetUtcNow();
        if (now < _nextFreshnessCheck || _freshnessCheck is { IsCompleted: false }) return;
        _nextFreshnessCheck = now + FreshnessInterval;
        _freshnessCheck = CheckFreshnessAsync();
    }

    private async Task CheckFreshnessAsync()
    {
        string? stored;
        try
        {
            var blob = containers.Container.GetBlobClient(BlobGrainStorage.BlobName(StorageNames.TraceSnapshot, this.GetGrainId()));
            stored = (await blob.GetPropertiesAsync()).Value.ETag.ToString();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            stored = null;
        }
        catch (Exception)
        {
            return; // storage trouble: the next read tries again
        }
        // A checkpoint of this activation may be changing the ETag right now; it is not a stranger's write.
        if (stored != snapshot.Etag && _checkpointing is null or { IsCompleted: true })
        {
            LogStale(logger, Key.GrainKey);
            DeactivateOnIdle();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trace {Trace}: another activation stored this trace; this one deactivates to reload it")]
    private static partial void LogStale(ILogger logger, string trace);
}
