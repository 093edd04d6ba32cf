using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TraceGrains.Grains.Storage;

namespace TraceGrains.Grains.Wal;

/// <summary>
/// Finds log folders of silos that are dead (declared so by membership, or gone from it and older
/// than this silo) and replays their segments into the trace grains, which store the records in
/// their own storage; only then is a segment deleted. A lease on the segment first fences off a
/// writer that was declared dead while still running.
/// </summary>
public sealed partial class WalRecovery(
    BlobContainerProvider containers,
    SharedLog log,
    ILocalSiloDetails silo,
    IClusterMembershipService membership,
    IGrainFactory grains,
    IOptions<WalOptions> options,
    ILogger<WalRecovery> logger)
{
    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(60);

    /// <summary>One pass over every other silo's folder; returns the segments recovered.</summary>
    public async Task<int> RunAsync(CancellationToken cancellation)
    {
        await containers.EnsureCreatedAsync();
        var recovered = 0;
        var owners = new List<string>();
        await foreach (var item in containers.Container.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", WalNames.Root, cancellation))
        {
            if (item.IsPrefix) owners.Add(item.Prefix[WalNames.Root.Length..^1]);
        }
        foreach (var owner in owners.Where(o => o != log.Owner && IsDead(o)))
        {
            var segments = new List<string>();
            await foreach (var blob in containers.Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{WalNames.Root}{owner}/", cancellation))
                segments.Add(blob.Name);
            foreach (var name in segments.Order(StringComparer.Ordinal))
            {
                try
                {
                    if (await RecoverSegmentAsync(name, cancellation)) recovered++;
                }
                catch (Exception e) when (!cancellation.IsCancellationRequested)
                {
                    LogRecoveryFailed(logger, e, name);
                }
            }
        }
        return recovered;
    }

    private bool IsDead(string owner)
    {
        if (!WalNames.TryParseOwner(owner, out var address)) return false;
        if (membership.CurrentSnapshot.Members.TryGetValue(address, out var member)) return member.Status == SiloStatus.Dead;
        // Not in membership: an earlier silo whose entry was cleaned up (or this silo's previous run).
        return address.Generation < silo.SiloAddress.Generation;
    }

    private async Task<bool> RecoverSegmentAsync(string name, CancellationToken cancellation)
    {
        var blob = containers.Container.GetAppendBlobClient(name);
        var lease = blob.GetBlobLeaseClient(WalNames.LeaseId(name));
        try
        {
            await lease.AcquireAsync(LeaseTime, cancellationToken: cancellation);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false; // recovered by another silo meanwhile
        }
        var data = (await blob.DownloadContentAsync(cancellation)).Value.Content.ToMemory();
        var traces = await WalReplay.ReplayAsync(grains, data, _ => true, options.Value.MaxConcurrentGrainCalls, cancellation);
        await blob.DeleteIfExistsAsync(conditions: new BlobRequestConditions { LeaseId = lease.LeaseId }, cancellationToken: cancellation);
        LogRecovered(logger, name, traces.Count, data.Length);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovered log segment {Segment}: {Traces} traces, {Bytes} bytes replayed")]
    private static partial void LogRecovered(ILogger logger, string segment, int traces, int bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovering log segment {Segment} failed; tried again on the next pass")]
    private static partial void LogRecoveryFailed(ILogger logger, Exception e, string segment);
}
