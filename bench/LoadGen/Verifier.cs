using Grpc.Core;
using TraceGrains.Api.V1;

namespace TraceGrains.Bench.LoadGen;

/// <summary>
/// Reads back every trace that got an acknowledged span, over gRPC (tracegrains.v1.TraceQuery), with
/// bounded concurrency, up to 3 tries per trace on a retryable status, and one deadline for the
/// whole check. The store must hold at least what was acknowledged and at most what was attempted:
/// span count, input, output and total tokens; with "full", every acknowledged span id as well.
/// </summary>
internal sealed class Verifier(LoadOptions o)
{
    private const int MaxExamples = 10;

    public async Task<VerifyReport> RunAsync(AckLedger ledger)
    {
        using var channel = GrpcTarget.Channel($"http://127.0.0.1:{o.GrpcPort}", o.VerifyConcurrency);
        var client = new TraceQuery.TraceQueryClient(channel);
        var headers = new Metadata();
        if (o.ApiKey is { } key) headers.Add("authorization", $"Bearer {key}");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(o.VerifySeconds));
        var result = new VerifyReport { Mode = o.Verify! };
        var traces = ledger.AckedTraces.ToList();
        result.Traces = traces.Count;
        try
        {
            await Parallel.ForEachAsync(traces, new ParallelOptions { MaxDegreeOfParallelism = o.VerifyConcurrency, CancellationToken = deadline.Token },
                async (trace, ct) =>
                {
                    var problem = await CheckAsync(client, headers, trace.Key, trace.Value, ct);
                    lock (result) result.Add(trace.Key, problem, MaxExamples);
                });
        }
        catch (OperationCanceledException)
        {
            result.TimedOut = true;
        }
        result.Unverified = result.Traces - result.Verified - result.Failed;
        return result;
    }

    private async Task<VerifyReport.Problem?> CheckAsync(TraceQuery.TraceQueryClient client, Metadata headers, string traceId,
        AckLedger.TraceEntry sent, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var options = new CallOptions(headers, DateTime.UtcNow.AddSeconds(10), ct);
                if (o.Verify == "full")
                {
                    var trace = await client.GetTraceAsync(new GetTraceRequest { TraceId = traceId }, options);
                    return Compare(trace.Summary, sent, StoredIds(trace));
                }
                var summary = await client.GetTraceSummaryAsync(new GetTraceSummaryRequest { TraceId = traceId }, options);
                return Compare(summary, sent, null);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                return new(sent.Acked.Count, "not found");
            }
            catch (RpcException e) when (attempt < 3 && e.StatusCode is StatusCode.Unavailable or StatusCode.ResourceExhausted or StatusCode.DeadlineExceeded)
            {
                await Task.Delay(500 * attempt, ct);
            }
            catch (RpcException e)
            {
                return new(0, $"read failed: {e.StatusCode} {e.Status.Detail}", Unreadable: true);
            }
        }
    }

    private static VerifyReport.Problem? Compare(TraceGrains.Api.V1.TraceSummary s, AckLedger.TraceEntry sent, HashSet<string>? storedIds)
    {
        var missing = storedIds is null
            ? Math.Max(0, sent.Acked.Count - s.SpanCount)
            : sent.Acked.Count(id => !storedIds.Contains(id));
        var issues = new List<string>();
        if (missing > 0) issues.Add($"{missing} acknowledged spans missing (stored {s.SpanCount}, acknowledged {sent.Acked.Count})");
        if (s.SpanCount > sent.Attempted.Count) issues.Add($"{s.SpanCount} spans stored, only {sent.Attempted.Count} sent");
        if (storedIds?.FirstOrDefault(id => !sent.Attempted.Contains(id)) is { } stranger) issues.Add($"span {stranger} was never sent");
        Within("input tokens", s.InputTokens, sent.AckedInput, sent.AttemptedInput);
        Within("output tokens", s.OutputTokens, sent.AckedOutput, sent.AttemptedOutput);
        Within("total tokens", s.TotalTokens, sent.AckedInput + sent.AckedOutput, sent.AttemptedInput + sent.AttemptedOutput);
        return issues.Count == 0 ? null : new(missing, string.Join("; ", issues));

        void Within(string what, long stored, long acked, long attempted)
        {
            if (stored < acked || stored > attempted)
                issues.Add(acked == attempted ? $"{what} {stored}, sent {acked}" : $"{what} {stored}, expected {acked}..{attempted}");
        }
    }

    /// <summary>Span ids of the whole tree, walked without recursion.</summary>
    private static HashSet<string> StoredIds(GetTraceResponse trace)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<SpanNode>(trace.Roots.Concat(trace.Orphans).Concat(trace.Detached));
        for (var guard = 0; stack.Count > 0 && guard < 10_000_000; guard++)
        {
            var node = stack.Pop();
            ids.Add(node.Span.SpanId);
            foreach (var child in node.Children) stack.Push(child);
        }
        return ids;
    }
}
