using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using TraceGrains.Api.Otlp;

namespace TraceGrains.Bench.Micro;

/// <summary>An OTLP export of 100 spans over 10 traces: protobuf and JSON, parsed and mapped to span records (src/Api/Otlp).</summary>
[MemoryDiagnoser]
public class OtlpBenchmarks
{
    private byte[] _protobuf = [];
    private byte[] _json = [];
    private ExportTraceServiceRequest _parsed = null!;

    [GlobalSetup]
    public void Setup()
    {
        _parsed = BenchData.OtlpRequest(100);
        _protobuf = _parsed.ToByteArray();
        _json = BenchData.OtlpJsonBytes(_parsed);
        var (fromJson, errors) = OtlpJson.Parse(_json);
        if (errors.Count > 0 || !fromJson.Equals(_parsed)) throw new InvalidOperationException("the JSON form does not parse back to the same request");
    }

    [Benchmark(Description = "Protobuf parse, 100 spans")]
    public ExportTraceServiceRequest ParseProtobuf() => ExportTraceServiceRequest.Parser.ParseFrom(_protobuf);

    [Benchmark(Description = "Protobuf parse + map, 100 spans")]
    public int ParseProtobufAndMap() => OtlpSpanMapper.Map(ExportTraceServiceRequest.Parser.ParseFrom(_protobuf)).Spans.Count;

    [Benchmark(Description = "Map only, 100 spans")]
    public int Map() => OtlpSpanMapper.Map(_parsed).Spans.Count;

    [Benchmark(Description = "JSON parse, 100 spans")]
    public ExportTraceServiceRequest ParseJson() => OtlpJson.Parse(_json).Request;

    [Benchmark(Description = "JSON parse + map, 100 spans")]
    public int ParseJsonAndMap()
    {
        var (request, errors) = OtlpJson.Parse(_json);
        return OtlpSpanMapper.Map(request, errors).Spans.Count;
    }
}
