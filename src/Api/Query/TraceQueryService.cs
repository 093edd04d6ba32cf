using Grpc.Core;
using Microsoft.Extensions.Options;
using TraceGrains.Api.V1;

using TraceGrains.Api.Auth;
using TraceGrains.Api.Errors;

namespace TraceGrains.Api.Query;

/// <summary>
/// <c>tracegrains.v1.TraceQuery</c>: queries, each scoped to the workspace of the call's key. Bound by
/// <see cref="TraceQueryMethodProvider"/> rather than the generated base class, so that a message that
/// does not parse is INVALID_ARGUMENT instead of the UNKNOWN grpc-dotnet gives by default; the key is
/// still required by the endpoints' authorization policy (<c>MapGrpcService(...).RequireAuthorization</c>).
/// </summary>
public sealed class TraceQueryService(TraceReader reader, TraceLister lister, IOptions<QueryOptions> options, TimeProvider time)
{
    /// <summary>Answers a <see cref="GetTraceResponse"/>, sent as bytes encoded once per trace version.</summary>
    public Task<EncodedMessage> GetTrace(GetTraceRequest request, ServerCallContext context) =>
        Found(() => reader.GetEncodedTraceAsync(context.WorkspaceId(), request.TraceId), request.TraceId);

    public Task<V1.TraceSummary> GetTraceSummary(GetTraceSummaryRequest request, ServerCallContext context) =>
        Found(() => reader.GetSummaryAsync(context.WorkspaceId(), request.TraceId), request.TraceId);

    public Task<ListFeedbackResponse> ListFeedback(ListFeedbackRequest request, ServerCallContext context) =>
        Found(() => reader.ListFeedbackAsync(context.WorkspaceId(), request.TraceId), request.TraceId);

    public Task<ListTracesResponse> ListTraces(ListTracesRequest request, ServerCallContext context) =>
        lister.ListAsync(context.WorkspaceId(), request);

    public async Task WatchTrace(WatchTraceRequest request, IServerStreamWriter<TraceUpdate> stream, ServerCallContext context)
    {
        var grain = reader.Grain(context.WorkspaceId(), request.TraceId);
        var cancel = context.CancellationToken;
        var changes = await grain.WatchAsync(null, 0, TimeSpan.Zero);
        if (changes.Summary is null) throw NotFound(request.TraceId);
        await stream.WriteAsync(Update(changes, full: true), cancel);

        var quiet = TimeSpan.FromSeconds(options.Value.WatchQuietSeconds);
        var lastChange = time.GetUtcNow();
        while (!cancel.IsCancellationRequested)
        {
            var left = quiet - (time.GetUtcNow() - lastChange);
            if (left <= TimeSpan.Zero) return;
            var wait = left < TimeSpan.FromSeconds(10) ? left : TimeSpan.FromSeconds(10);
            var call = grain.WatchAsync(changes.Epoch, changes.Version, wait);
            // The grain call cannot be cancelled; stop waiting for it when the client goes away.
            await Task.WhenAny(call, Task.Delay(Timeout.Infinite, cancel));
            if (cancel.IsCancellationRequested) return;
            var next = await call;
            var full = next.Epoch != changes.Epoch;
            if (full || next.Version > changes.Version)
            {
                await stream.WriteAsync(Update(next, full), cancel);
                lastChange = time.GetUtcNow();
            }
            changes = next;
        }
    }

    private static TraceUpdate Update(TraceChanges changes, bool full)
    {
        var update = new TraceUpdate { Full = full };
        if (changes.Summary is { } summary) update.Summary = TraceMapper.ToSummary(summary);
        update.Spans.AddRange(changes.Spans.Select(TraceMapper.ToSpan));
        update.Feedback.AddRange(changes.Feedback.Select(TraceMapper.ToFeedback));
        return update;
    }

    /// <summary>Bad ids throw <see cref="FieldException"/>, which the interceptor turns into INVALID_ARGUMENT.</summary>
    private static async Task<T> Found<T>(Func<Task<T?>> read, string traceId) where T : class =>
        await read() ?? throw NotFound(traceId);

    private static RpcException NotFound(string traceId) => new(new Status(StatusCode.NotFound, $"trace_id: no trace '{traceId}'"));
}
