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
        var spans = input.Select(costs.Apply).ToArray();
        var outcomes = new SpanRejection?[spans.Length];
        var byTrace = Enumerable.Range(0, spans.Length).GroupBy(i => spans[i].TraceId, StringComparer.Ordinal);
        await Task.WhenAll(byTrace.Select(async group =>
        {
            var indexes = group.ToArray();
            var grain = grains.GetGrain<ITraceGrain>(new TraceKey(workspaceId, group.Key).GrainKey);
            if (!await _inFlight.WaitAsync(_queueWait))
                throw new IngestOverloadedException($"More than {options.MaxConcurrentTraceWrites} trace writes in flight on this node.");
            AddSpansResult result;
            try
            {
                result = await GrainRetry.IdempotentAsync(() => grain.AddSpansAsync([.. indexes.Select(i => spans[i])]));
            }
            finally
            {
                _inFlight.Release();
            }
            foreach (var rejection in result.Rejected)
                outcomes[indexes[rejection.Index]] = rejection with { Index = indexes[rejection.Index] };
        }));
        return outcomes;
    }
}
