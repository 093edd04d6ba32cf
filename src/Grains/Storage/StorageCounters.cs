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

    /// <summary>What a request was for, from its blob name.</summary>
    public static readonly string[] Categories = ["journal", "trace", "index", "link", "wal", "other"];

    private readonly long[] _requestsBy = new long[Categories.Length];
    private readonly long[] _bytesBy = new long[Categories.Length];
    private long _requests, _bytesWritten, _failures;

    public long Requests => Interlocked.Read(ref _requests);
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Requests and bytes written so far, by category.</summary>
    public IReadOnlyDictionary<string, (long Requests, long BytesWritten)> ByCategory() =>
        Categories.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => (Interlocked.Read(ref _requestsBy[x.i]), Interlocked.Read(ref _bytesBy[x.i])));

    private static int CategoryOf(string path) =>
        path.Contains("/index-journal/", StringComparison.Ordinal) ? 2
        : path.Contains("/journal/", StringComparison.Ordinal) ? 0
        : path.Contains("/state/trace/", StringComparison.Ordinal) ? 1
        : path.Contains("/state/index/", StringComparison.Ordinal) ? 2
        : path.Contains("/state/link/", StringComparison.Ordinal) ? 3
        : path.Contains("/wal/", StringComparison.Ordinal) ? 4
        : 5;

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
        var category = CategoryOf(message.Request.Uri.Path);
        var tag = new KeyValuePair<string, object?>("kind", Categories[category]);
        Interlocked.Increment(ref _requests);
        Interlocked.Increment(ref _requestsBy[category]);
        RequestCounter.Add(1, tag);
        if (message.Request.Content is { } content && content.TryComputeLength(out var length))
        {
            Interlocked.Add(ref _bytesWritten, length);
            Interlocked.Add(ref _bytesBy[category], length);
            BytesCounter.Add(length, tag);
        }
    }

    private void CountFailure(HttpMessage message)
    {
        if (!message.HasResponse || message.Response.Status >= 500) Interlocked.Increment(ref _failures);
    }
}
