using BenchmarkDotNet.Attributes;
using TraceGrains.Grains;
using TraceGrains.Grains.Tree;

namespace TraceGrains.Bench.Micro;

/// <summary>The in-memory span tree of one trace (src/Grains/Tree/TraceTree) at 1,000 spans.</summary>
[MemoryDiagnoser]
public class TraceTreeBenchmarks
{
    private const int Spans = 1000;
    private static readonly TraceLimitsOptions Limits = new();
    private List<SpanRecord> _inOrder = [];
    private List<SpanRecord> _childrenFirst = [];
    private List<SpanRecord> _retries = [];
    private TraceTree _full = null!;
    private TraceKey _key;

    [GlobalSetup]
    public void Setup()
    {
        _inOrder = BenchData.OneTrace(Spans);
        _key = new TraceKey(TraceKey.DefaultWorkspace, _inOrder[0].TraceId);
        // Reversed arrival: every child comes before its parent, so most spans are orphans for a while.
        _childrenFirst = [.. Enumerable.Reverse(_inOrder)];
        // A retry of each span that adds a metadata key: a real merge, not a no-op.
        _retries = [.. _inOrder.Select(s => s with { Metadata = s.Metadata.SetItem("retry", "1") })];
        _full = Build(_inOrder);
    }

    [Benchmark(Description = "Apply 1,000 spans, parents first")]
    public int ApplyInOrder() => Build(_inOrder).SpanCount;

    [Benchmark(Description = "Apply 1,000 spans, children first")]
    public int ApplyChildrenFirst() => Build(_childrenFirst).SpanCount;

    [Benchmark(Description = "Apply 1,000 spans, then each again (merge)")]
    public int ApplyThenMergeDuplicates()
    {
        var tree = Build(_inOrder);
        for (var i = 0; i < _retries.Count; i++) tree.Apply(_retries[i], i, Limits);
        return tree.SpanCount;
    }

    [Benchmark(Description = "Details() of a 1,000-span trace")]
    public TraceDetails Details() => _full.Details();

    [Benchmark(Description = "Summary() of a 1,000-span trace")]
    public TraceSummary Summary() => _full.Summary();

    private TraceTree Build(List<SpanRecord> spans)
    {
        var tree = new TraceTree(_key);
        for (var i = 0; i < spans.Count; i++)
        {
            if (tree.Apply(spans[i], i, Limits) is { } refused) throw new InvalidOperationException(refused.Message);
        }
        return tree;
    }
}
