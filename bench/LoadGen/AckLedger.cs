using System.Collections.Concurrent;

namespace TraceGrains.Bench.LoadGen;

/// <summary>
/// Per trace: the spans acknowledged (2xx and not refused) and the spans attempted at all. A span in
/// a failed or timed-out request may or may not be stored, so the store must hold at least the
/// acknowledged spans and tokens and at most the attempted ones. When an OTLP answer refuses some
/// spans without naming them, none of that request's spans count as acknowledged.
/// </summary>
internal sealed class AckLedger
{
    internal sealed class TraceEntry
    {
        public readonly HashSet<string> Acked = new(StringComparer.Ordinal);
        public readonly HashSet<string> Attempted = new(StringComparer.Ordinal);
        public long AckedInput, AckedOutput, AttemptedInput, AttemptedOutput;
    }

    private readonly ConcurrentDictionary<string, TraceEntry> _traces = new(StringComparer.Ordinal);

    public IEnumerable<KeyValuePair<string, TraceEntry>> AckedTraces => _traces.Where(t => t.Value.Acked.Count > 0);

    public void Record(PreparedRequest request, Answer answer)
    {
        var refused = answer.RejectedIndexes is { } named ? new HashSet<int>(named) : null;
        var ackAll = answer.Success && (answer.Rejected == 0 || refused is not null);
        for (var i = 0; i < request.Spans.Length; i++)
        {
            var span = request.Spans[i];
            var entry = _traces.GetOrAdd(span.TraceId, _ => new TraceEntry());
            lock (entry)
            {
                if (entry.Attempted.Add(span.SpanId))
                {
                    entry.AttemptedInput += span.InputTokens ?? 0;
                    entry.AttemptedOutput += span.OutputTokens ?? 0;
                }
                if (ackAll && refused?.Contains(i) != true && entry.Acked.Add(span.SpanId))
                {
                    entry.AckedInput += span.InputTokens ?? 0;
                    entry.AckedOutput += span.OutputTokens ?? 0;
                }
            }
        }
    }
}
