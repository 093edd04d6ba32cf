using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using TraceGrains.Api.Query;
using TraceGrains.Grains;
using TraceGrains.Grains.Tree;

namespace TraceGrains.Bench.Micro;

/// <summary>The first read of a 1,000-span trace on a node: the grain's details, mapped to the gRPC answer and encoded (src/Api/Query).</summary>
[MemoryDiagnoser]
public class GetTraceAnswerBenchmarks
{
    private TraceTree _tree = null!;
    private TraceDetails _details = null!;

    [GlobalSetup]
    public void Setup()
    {
        var spans = BenchData.OneTrace(1000);
        _tree = new TraceTree(new TraceKey(TraceKey.DefaultWorkspace, spans[0].TraceId));
        for (var i = 0; i < spans.Count; i++) _tree.Apply(spans[i], i, new TraceLimitsOptions());
        _details = _tree.Details();
    }

    [Benchmark(Description = "GetTrace answer: map 1,000 spans")]
    public int Map() => TraceMapper.ToResponse(_details).Roots.Count;

    [Benchmark(Description = "GetTrace answer: map + encode 1,000 spans")]
    public int MapAndEncode() => TraceMapper.ToResponse(_details).ToByteArray().Length;

    [Benchmark(Description = "GetTrace answer: written straight from the records, 1,000 spans")]
    public int EncodeDirect() => TraceAnswerEncoder.Encode(_details).Length;

    [Benchmark(Description = "GetTrace answer: details + written straight from the records, 1,000 spans")]
    public int DetailsMapAndEncode() => TraceAnswerEncoder.Encode(_tree.Details()).Length;
}
