namespace TraceGrains.Bench.LoadGen;

/// <summary>
/// A fixed number of traces being filled. Each request takes spans from some of them (round-robin or
/// random); a trace that has received its <c>--spans-per-trace</c> spans is replaced by a new trace
/// id, so the pool always holds the same number of growing traces. Not thread-safe: one builder.
/// </summary>
internal sealed class TracePool
{
    private sealed class Slot(TraceSeed seed)
    {
        public TraceSeed Seed = seed;
        public readonly List<string> SpanIds = [];
    }

    private readonly SpanFactory _factory;
    private readonly Random _random;
    private readonly Slot[] _slots;
    private readonly int _spansPerTrace;
    private readonly bool _randomPick;
    private readonly HashSet<int> _picked = [];
    private int _cursor;

    public TracePool(SpanFactory factory, Random random, int traces, int spansPerTrace, bool randomPick)
    {
        _factory = factory;
        _random = random;
        _spansPerTrace = spansPerTrace;
        _randomPick = randomPick;
        var now = DateTimeOffset.UtcNow;
        _slots = [.. Enumerable.Range(0, traces).Select(_ => new Slot(factory.NewTrace(now)))];
        TracesStarted = traces;
    }

    /// <summary>Distinct trace ids handed out so far, replacements included.</summary>
    public long TracesStarted { get; private set; }

    /// <summary>The spans of one request: <paramref name="spans"/> spans spread evenly over <paramref name="traces"/> traces.</summary>
    public List<PlannedSpan> Take(int spans, int traces)
    {
        var result = new List<PlannedSpan>(spans);
        var slots = Pick(traces);
        for (var t = 0; t < slots.Count; t++)
        {
            var share = spans / traces + (t < spans % traces ? 1 : 0);
            var slot = _slots[slots[t]];
            for (var n = 0; n < share; n++)
            {
                if (slot.SpanIds.Count >= _spansPerTrace)
                {
                    slot.Seed = _factory.NewTrace(DateTimeOffset.UtcNow);
                    slot.SpanIds.Clear();
                    TracesStarted++;
                }
                var span = _factory.NextSpan(slot.Seed, slot.SpanIds.Count, slot.SpanIds);
                slot.SpanIds.Add(span.SpanId);
                result.Add(span);
            }
        }
        return result;
    }

    private List<int> Pick(int count)
    {
        var picked = new List<int>(count);
        if (!_randomPick)
        {
            for (var i = 0; i < count; i++) picked.Add((_cursor + i) % _slots.Length);
            _cursor = (_cursor + count) % _slots.Length;
            return picked;
        }
        // Distinct random slots; bounded tries, then the next free ones in order.
        _picked.Clear();
        for (var tries = 0; picked.Count < count && tries < count * 20; tries++)
        {
            var slot = _random.Next(_slots.Length);
            if (_picked.Add(slot)) picked.Add(slot);
        }
        for (var slot = 0; picked.Count < count && slot < _slots.Length; slot++)
        {
            if (_picked.Add(slot)) picked.Add(slot);
        }
        return picked;
    }
}
