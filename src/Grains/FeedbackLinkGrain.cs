namespace TraceGrains.Grains;

public sealed class FeedbackLinkGrain(
    [PersistentState("link", StorageNames.Traces)] IPersistentState<FeedbackLink> link) : Grain, IFeedbackLinkGrain
{
    public async Task LinkAsync(string traceId)
    {
        if (link.RecordExists && link.State.TraceId == traceId) return;
        link.State.TraceId = traceId;
        await link.WriteStateAsync();
    }

    public Task<string?> GetTraceIdAsync() => Task.FromResult(link.RecordExists ? link.State.TraceId : null);
}
