using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace TraceGrains.Api.Tests;

/// <summary>
/// Deterministic test traces for the index, and the brute-force truth about them: each trace's
/// attributes are known here, so every list can be checked against a plain LINQ query.
/// </summary>
public sealed class IndexData
{
    public sealed record TraceFact(
        string TraceId, string Service, string User, string Session, string RootName, DateTimeOffset Start,
        DateTimeOffset End, decimal Cost, long Tokens, bool HasError, string[] Models, string[] Providers,
        List<int> Feedback)
    {
        public double DurationMs => (End - Start).TotalMilliseconds;
        public double? Score => Feedback.Count == 0 ? null : Feedback.Average();
    }

    public static readonly string[] Services = ["svc-a", "svc-b", "svc-c"];
    public static readonly (string Model, string Provider)[] Models =
        [("gpt-4o", "openai"), ("gpt-4o-mini", "openai"), ("claude-sonnet-4-5", "anthropic"), ("gemini-2.5-flash", "google")];

    public List<TraceFact> Traces { get; } = [];
    public DateTimeOffset Now { get; }

    public IndexData(int count, DateTimeOffset now, int seed = 7)
    {
        Now = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var start = Now.AddMilliseconds(-random.NextInt64(60_000, 20L * 3600 * 1000)); // spread over 20 hourly buckets
            var spans = random.Next(1, 4);
            var models = Enumerable.Range(0, spans).Select(_ => Models[random.Next(Models.Length)]).ToArray();
            Traces.Add(new TraceFact(
                Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()),
                Services[random.Next(Services.Length)], $"u{random.Next(10)}", $"s{random.Next(50)}", $"agent-{random.Next(6)}",
                start, start.AddMilliseconds(random.Next(50, 10_000)),
                random.Next(1, 1000) / 10_000m, random.Next(10, 5000), random.Next(10) == 0,
                [.. models.Select(m => m.Model).Distinct()], [.. models.Select(m => m.Provider).Distinct()],
                random.Next(3) == 0 ? [random.Next(-10, 11)] : []));
        }
    }

    /// <summary>The spans of one trace: a root carrying the totals' first share, and children.</summary>
    public static IEnumerable<OpenTelemetry.Proto.Trace.V1.Span> SpansOf(TraceFact t)
    {
        var traceId = ByteString.CopyFrom(Convert.FromHexString(t.TraceId));
        var rootId = ByteString.CopyFrom(Convert.FromHexString(t.TraceId)[..8]);
        var n = t.Models.Length;
        for (var k = 0; k < Math.Max(n, 1); k++)
        {
            var span = new OpenTelemetry.Proto.Trace.V1.Span
            {
                TraceId = traceId,
                SpanId = k == 0 ? rootId : ByteString.CopyFrom(Convert.FromHexString(t.TraceId)[8..15].Append((byte)k).ToArray()),
                Name = k == 0 ? t.RootName : $"step-{k}",
                StartTimeUnixNano = Nanos(k == 0 ? t.Start : t.Start.AddMilliseconds(1)),
                EndTimeUnixNano = Nanos(k == 0 ? t.End : t.End.AddMilliseconds(-1)),
            };
            if (k > 0) span.ParentSpanId = rootId;
            // The whole cost and all tokens on the root keep the brute-force sums exact.
            span.Attributes.Add(Otlp.Attr("gen_ai.request.model", t.Models[k % n]));
            span.Attributes.Add(Otlp.Attr("gen_ai.provider.name", Models.First(m => m.Model == t.Models[k % n]).Provider));
            if (k == 0)
            {
                span.Attributes.Add(Otlp.Attr("llm.cost.total", (double)t.Cost));
                span.Attributes.Add(Otlp.Attr("llm.token_count.total", t.Tokens));
                span.Attributes.Add(Otlp.Attr("user.id", t.User));
                span.Attributes.Add(Otlp.Attr("session.id", t.Session));
                if (t.HasError) span.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "boom" };
            }
            else
            {
                span.Attributes.Add(Otlp.Attr("llm.cost.total", 0.0));
            }
            yield return span;
        }
    }

    /// <summary>OTLP requests of about <paramref name="spansPerRequest"/> spans, one resource per service.</summary>
    public static IEnumerable<ExportTraceServiceRequest> Requests(IEnumerable<TraceFact> traces, int spansPerRequest)
    {
        foreach (var chunk in traces.Chunk(Math.Max(1, spansPerRequest / 2)))
        {
            var request = new ExportTraceServiceRequest();
            foreach (var group in chunk.GroupBy(t => t.Service))
            {
                var scope = new ScopeSpans();
                scope.Spans.AddRange(group.SelectMany(SpansOf));
                var resource = new ResourceSpans { Resource = new Resource() };
                resource.Resource.Attributes.Add(Otlp.Attr("service.name", group.Key));
                resource.ScopeSpans.Add(scope);
                request.ResourceSpans.Add(resource);
            }
            yield return request;
        }
    }

    private static ulong Nanos(DateTimeOffset t) => (ulong)t.ToUnixTimeMilliseconds() * 1_000_000UL;
}
