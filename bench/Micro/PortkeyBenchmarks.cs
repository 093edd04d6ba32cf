using System.Text.Json;
using BenchmarkDotNet.Attributes;
using TraceGrains.Api.Portkey;

namespace TraceGrains.Bench.Micro;

/// <summary>Portkey Insert Log bodies parsed and mapped to span records as POST /v1/logs does (src/Api/Portkey).</summary>
[MemoryDiagnoser]
public class PortkeyBenchmarks
{
    private static readonly TraceHeaders NoHeaders = new(null, null, null, null);
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private byte[] _one = [];
    private byte[] _hundred = [];

    [GlobalSetup]
    public void Setup()
    {
        _one = BenchData.PortkeyLogs(1);
        _hundred = BenchData.PortkeyLogs(100);
        if (Parse(_hundred) != 100) throw new InvalidOperationException("expected 100 logs");
    }

    [Benchmark(Description = "Portkey parse + map, 1 log")]
    public int OneLog() => Parse(_one);

    [Benchmark(Description = "Portkey parse + map, 100 logs")]
    public int HundredLogs() => Parse(_hundred);

    [Benchmark(Description = "Portkey text check (UTF-8, escapes, duplicate names), 100 logs")]
    public void CheckText()
    {
        using var document = JsonDocument.Parse(_hundred);
        Json.CheckText(document.RootElement, "");
    }

    private static int Parse(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        Json.CheckText(document.RootElement, "");
        var items = JsonBody.Items(document.RootElement, max: 1000);
        var count = 0;
        foreach (var (item, path) in items)
        {
            PortkeyLogParser.Parse(item, path, NoHeaders, Now);
            count++;
        }
        return count;
    }
}
