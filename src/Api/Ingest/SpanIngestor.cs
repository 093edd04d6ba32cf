namespace TraceGrains.Api.Ingest;

/// <summary>
/// The one ingest path every door uses: groups spans by trace, makes one grain call per trace,
/// concurrently, and returns when all of them are durable. Throws (and so acknowledges nothing for
/// this request) if any trace could not be made durable; a retry is safe because repeated span ids
/// merge.
/// </summary>
public sealed class SpanIngestor(IGrainFactory grains, Pricing.CostCalculator costs)
{
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
            var result = await grain.AddSpansAsync([.. indexes.Select(i => spans[i])]);
            foreach (var rejection in result.Rejected)
                outcomes[indexes[rejection.Index]] = rejection with { Index = indexes[rejection.Index] };
        }));
        return outcomes;
    }
}
