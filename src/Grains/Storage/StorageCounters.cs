using System.Diagnostics.Metrics;
using Azure.Core;
using Azure.Core.Pipeline;

namespace TraceGrains.Grains.Storage;

/// <summary>
/// Counts every request sent to blob storage and the bytes it carried, as a pipeline policy on the
/// blob client, so the figures are the real requests (retries included), not an estimate.
/// </summary>
public sealed class StorageCounters : HttpPipelinePolicy
{
    public static readonly Meter Meter = new("TraceGrains.Storage");
    private static readonly Counter<long> RequestCounter = Meter.CreateCounter<long>("tracegrains.storage.requests");
    private static readonly Counter<long> BytesCounter = Meter.CreateCounter<long>("tracegrains.storage.bytes_written", "By");

    private long _requests, _bytesWritten, _failures;

    public long Requests => Interlocked.Read(ref _requests);
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);
    public long Failures => Interlocked.Read(ref _failures);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        ProcessNext(message, pipeline);
        CountFailure(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        await ProcessNextAsync(message, pipeline);
        CountFailure(message);
    }

    private void Count(HttpMessage message)
    {
        Interlocked.Increment(ref _requests);
        RequestCounter.Add(1);
        if (message.Request.Content is { } content && content.TryComputeLength(out var length))
        {
            Interlocked.Add(ref _bytesWritten, length);
            BytesCounter.Add(length);
        }
    }

    private void CountFailure(HttpMessage message)
    {
        if (!message.HasResponse || message.Response.Status >= 500) Interlocked.Increment(ref _failures);
    }
}
