using System.Collections.Immutable;

namespace TraceGrains.Api.Ingest;

/// <summary>
/// The one ingest path every door uses: groups spans by trace, makes one grain call per trace,
/// concurrently, and returns when all of them are durable. Throws (and so acknowledges nothing for
/// this request) if any trace could not be made durable; a retry is safe because repeated span ids
/// merge.
/// </summary>
public sealed class SpanIngestor(IGrainFactory grains, Pricing.CostCalculator costs, Hosting.ApiOptions options)
{
    // Back-pressure: a bounded number of trace writes in flight per node keeps storage queues (and
    // so latency) short; past it, callers wait a moment and then get 429 with Retry-After.
    private readonly SemaphoreSlim _inFlight = new(options.MaxConcurrentTraceWrites);
    private readonly TimeSpan _queueWait = TimeSpan.FromMilliseconds(options.MaxQueueWaitMs);

    /// <summary>One entry per input span: null when accepted, else why it was refused.</summary>
    public async Task<SpanRejection?[]> IngestAsync(string workspaceId, IReadOnlyList<SpanRecord> input)
    {
        var spans = new SpanRecord[input.Count];
        var oneTrace = true;
        for (var i = 0; i < spans.Length; i++)
        {
            spans[i] = costs.Apply(input[i]);
            oneTrace &= string.Equals(spans[i].TraceId, spans[0].TraceId, StringComparison.Ordinal);
        }
        var outcomes = new SpanRejection?[spans.Length];
        if (oneTrace)
        {
            // The common case (a Portkey log, an OTLP request from one trace): no grouping.
            await WriteAsync(workspaceId, spans[0].TraceId, ImmutableArray.Create(spans), null, outcomes);
            return outcomes;
        }
        var byTrace = Enumerable.Range(0, spans.Length).GroupBy(i => spans[i].TraceId, StringComparer.Ordinal);
        await Task.WhenAll(byTrace.Select(group =>
        {
            var indexes = group.ToArray();
            return WriteAsync(workspaceId, group.Key, [.. indexes.Select(i => spans[i])], indexes, outcomes);
        }));
        return outcomes;
    }

    /// <summary>One trace's spans to its grain; <paramref name="indexes"/> maps them back to the request (null: identity).</summary>
    private async Task WriteAsync(string workspaceId, string traceId, ImmutableArray<SpanRecord> batch, int[]? indexes, SpanRejection?[] outcomes)
    {
        var grain = grains.Trace(workspaceId, traceId);
        if (!await _inFlight.WaitAsync(_queueWait))
            throw new IngestOverloadedException($"More than {options.MaxConcurrentTraceWrites} trace writes in flight on this node.");
        AddSpansResult result;
        try
        {
            result = await GrainRetry.IdempotentAsync(() => grain.AddSpansAsync(batch));
        }
        finally
        {
            _inFlight.Release();
        }
        foreach (var rejection in result.Rejected)
        {
            var index = indexes is null ? rejection.Index : indexes[rejection.Index];
            outcomes[index] = rejection with { Index = index };
        }
    }
}
