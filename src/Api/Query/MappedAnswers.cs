using TraceGrains.Api.V1;

namespace TraceGrains.Api.Query;

/// <summary>
/// The mapped <c>GetTrace</c> answers of recently read traces. A co-hosted trace grain hands back the
/// same immutable details until the trace changes, so they are the key (by reference, weakly: an
/// answer goes with its details when the grain lets go of them, as when the trace deactivates), and
/// repeated reads of an unchanged trace skip the mapping. A mapped answer takes about 1.3 KB per
/// span, so the answers kept are also bounded, oldest out first, to
/// <see cref="Hosting.ApiOptions.MappedAnswerCacheSpans"/> spans in all (answers whose details are
/// gone still count until their turn comes). Answers are only read (serialized) after this point.
/// </summary>
public sealed class MappedAnswers(Hosting.ApiOptions options)
{
    private readonly Lock _lock = new();
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<TraceDetails, GetTraceResponse> _byDetails = new();
    private readonly Queue<(WeakReference<TraceDetails> Details, int Spans)> _order = new();
    private long _spans;

    /// <summary>Spans counted against the bound.</summary>
    public long Spans
    {
        get { lock (_lock) return _spans; }
    }

    public GetTraceResponse GetOrMap(TraceDetails details, Func<TraceDetails, GetTraceResponse> map)
    {
        if (_byDetails.TryGetValue(details, out var kept)) return kept;
        var answer = map(details);
        var spans = details.Spans.Length;
        var max = options.MappedAnswerCacheSpans;
        if (spans > max) return answer;
        lock (_lock)
        {
            if (!_byDetails.TryAdd(details, answer)) return _byDetails.TryGetValue(details, out kept) ? kept : answer;
            _order.Enqueue((new WeakReference<TraceDetails>(details), spans));
            _spans += spans;
            while (_spans > max && _order.TryDequeue(out var oldest))
            {
                if (oldest.Details.TryGetTarget(out var gone)) _byDetails.Remove(gone);
                _spans -= oldest.Spans;
            }
        }
        return answer;
    }
}
