using System.Text.Json.Nodes;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using TraceGrains.Api.Otlp;
using TraceGrains.Bench.LoadGen;

namespace TraceGrains.Bench.Micro;

/// <summary>
/// Inputs shaped like the load generator's traffic (same span factory, fixed seed): OpenInference /
/// GenAI attributes, prompts and answers, parent/child links, about 1 % errors.
/// </summary>
internal static class BenchData
{
    private const string RunId = "0b0e0c11";

    /// <summary>Spans of one trace in arrival order (every parent before its children), as OTLP maps them.</summary>
    public static List<SpanRecord> OneTrace(int spans) =>
        OtlpSpanMapper.Map(OtlpPayload.Request(Plan(spans, traces: 1, llmOnly: false))).Spans;

    /// <summary>One OTLP export of <paramref name="spans"/> spans over 10 traces.</summary>
    public static ExportTraceServiceRequest OtlpRequest(int spans) => OtlpPayload.Request(Plan(spans, traces: 10, llmOnly: false));

    /// <summary>The request in OTLP's JSON encoding: protobuf's JSON mapping with hex trace and span ids.</summary>
    public static byte[] OtlpJsonBytes(ExportTraceServiceRequest request)
    {
        var root = JsonNode.Parse(JsonFormatter.Default.Format(request))!;
        foreach (var resource in root["resourceSpans"]!.AsArray())
        foreach (var scope in resource!["scopeSpans"]!.AsArray())
        foreach (var span in scope!["spans"]!.AsArray())
        {
            foreach (var field in new[] { "traceId", "spanId", "parentSpanId" })
            {
                if (span![field] is JsonValue id)
                    span[field] = Convert.ToHexStringLower(Convert.FromBase64String(id.GetValue<string>()));
            }
        }
        return System.Text.Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    /// <summary>A Portkey Insert Log body: one log object, or an array of them.</summary>
    public static byte[] PortkeyLogs(int logs) => PortkeyPayload.Build(Plan(logs, traces: Math.Max(1, logs / 10), llmOnly: true));

    private static List<PlannedSpan> Plan(int spans, int traces, bool llmOnly)
    {
        var random = new Random(42);
        var pool = new TracePool(new SpanFactory(random, llmOnly, RunId), random, traces, spansPerTrace: spans, randomPick: false);
        return pool.Take(spans, traces);
    }
}
