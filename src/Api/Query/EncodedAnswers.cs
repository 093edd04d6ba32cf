namespace TraceGrains.Api.Query;

/// <summary>
/// The encoded <c>GetTrace</c> answers of recently read traces: the protobuf bytes the gRPC call sends.
/// A co-hosted trace grain hands back the same immutable details until the trace changes, so they are
/// the key (by reference, weakly: an answer goes with its details when the grain lets go of them, as
/// when the trace deactivates), and repeated reads of an unchanged trace skip both the mapping and the
/// encoding. The answers kept are bounded, oldest out first, to
/// <see cref="Hosting.ApiOptions.MappedAnswerCacheSpans"/> spans in all (answers whose details are gone
/// still count until their turn comes). The bytes are only read after this point.
/// </summary>
public sealed class EncodedAnswers(Hosting.ApiOptions options)
{
    private readonly Lock _lock = new();
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<TraceDetails, byte[]> _byDetails = new();
    private readonly Queue<(WeakReference<TraceDetails> Details, int Spans)> _order = new();
    private long _spans;

    /// <summary>Spans counted against the bound.</summary>
    public long Spans
    {
        get { lock (_lock) return _spans; }
    }

    public byte[] GetOrEncode(TraceDetails details, Func<TraceDetails, byte[]> encode)
    {
        if (_byDetails.TryGetValue(details, out var kept)) return kept;
        var answer = encode(details);
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
