namespace TraceGrains.Bench.LoadGen;

/// <summary>
/// Hands out request bodies in order. The first <see cref="Prebuilt"/> are built before the timed
/// phase; past them each request is built when taken (counted in <see cref="BuiltDuringRun"/>, and
/// its CPU is then part of the generator's measured CPU time).
/// </summary>
internal sealed class RequestSource
{
    private readonly Lock _gate = new();
    private readonly TracePool _pool;
    private readonly Func<IReadOnlyList<PlannedSpan>, byte[]> _encode;
    private readonly int _spansPerRequest, _tracesPerRequest;
    private readonly PreparedRequest?[] _prebuilt;
    private long _next = -1;
    private long _builtDuringRun;

    public RequestSource(LoadOptions o, Func<IReadOnlyList<PlannedSpan>, byte[]> encode, int prebuild, long maxBytes)
    {
        var random = new Random(o.Seed);
        _pool = new TracePool(new SpanFactory(random, llmOnly: o.PayloadKind == "portkey", o.RunId), random, o.Traces, o.SpansPerTrace, o.RandomPick);
        _encode = encode;
        _spansPerRequest = o.SpansPerRequest;
        _tracesPerRequest = o.TracesPerRequest;
        var built = new List<PreparedRequest>(Math.Min(prebuild, 1_000_000));
        long bytes = 0;
        for (var i = 0; i < prebuild && bytes < maxBytes; i++)
        {
            var request = Build();
            bytes += request.Body.Length;
            built.Add(request);
        }
        _prebuilt = [.. built];
        PrebuiltBytes = bytes;
    }

    public int Prebuilt => _prebuilt.Length;
    public long PrebuiltBytes { get; }
    public long BuiltDuringRun => Interlocked.Read(ref _builtDuringRun);
    public long TracesStarted { get { lock (_gate) return _pool.TracesStarted; } }

    public PreparedRequest Next()
    {
        var n = Interlocked.Increment(ref _next);
        if (n < _prebuilt.Length)
        {
            // Let the body go once it is sent: a long run need not hold every body until the end.
            return Interlocked.Exchange(ref _prebuilt[n], null)!;
        }
        Interlocked.Increment(ref _builtDuringRun);
        lock (_gate) return Build();
    }

    private PreparedRequest Build()
    {
        var spans = _pool.Take(_spansPerRequest, _tracesPerRequest);
        return new PreparedRequest(_encode(spans), [.. spans]);
    }
}
