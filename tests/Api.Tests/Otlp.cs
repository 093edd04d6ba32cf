using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace TraceGrains.Api.Tests;

/// <summary>Builders for hand-made OTLP requests.</summary>
public static class Otlp
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    public static string NewTraceId() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
    public static string NewSpanId() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..8]);

    public static ulong Nanos(double ms) => (ulong)(T0.AddMilliseconds(ms).ToUnixTimeMilliseconds() * 1_000_000L);

    public static Span Span(string traceHex, string spanHex, string? parentHex, string name, double startMs, double endMs,
        params (string Key, object Value)[] attributes)
    {
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(Convert.FromHexString(traceHex)),
            SpanId = ByteString.CopyFrom(Convert.FromHexString(spanHex)),
            Name = name,
            Kind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Internal,
            StartTimeUnixNano = Nanos(startMs),
            EndTimeUnixNano = Nanos(endMs),
        };
        if (parentHex is not null) span.ParentSpanId = ByteString.CopyFrom(Convert.FromHexString(parentHex));
        span.Attributes.AddRange(attributes.Select(a => Attr(a.Key, a.Value)));
        return span;
    }

    public static KeyValue Attr(string key, object value) => new()
    {
        Key = key,
        Value = value switch
        {
            string s => new AnyValue { StringValue = s },
            int i => new AnyValue { IntValue = i },
            long l => new AnyValue { IntValue = l },
            double d => new AnyValue { DoubleValue = d },
            bool b => new AnyValue { BoolValue = b },
            _ => throw new ArgumentException($"unsupported attribute type {value.GetType()}"),
        },
    };

    public static ExportTraceServiceRequest Request(string service, params Span[] spans)
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "tests" } };
        scope.Spans.AddRange(spans);
        var resource = new ResourceSpans { Resource = new Resource() };
        resource.Resource.Attributes.Add(Attr("service.name", service));
        resource.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resource);
        return request;
    }
}
