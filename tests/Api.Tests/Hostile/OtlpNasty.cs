using System.Text;
using Google.Protobuf;
using OpenTelemetry.Proto.Common.V1;
using static TraceGrains.Api.Tests.Otlp;
using OtelSpan = OpenTelemetry.Proto.Trace.V1.Span;

namespace TraceGrains.Api.Tests.Hostile;

/// <summary>Building blocks of nasty OTLP requests, in protobuf (some built byte by byte) and JSON.</summary>
public static class OtlpNasty
{
    public static OtelSpan Valid(string? trace = null, string? parent = null) =>
        Span(trace ?? NewTraceId(), NewSpanId(), parent, "op", 0, 100);

    public static byte[] Proto(params OtelSpan[] spans) => Request("hostile", spans).ToByteArray();

    public static byte[] ProtoWith(Action<OtelSpan> edit)
    {
        var span = Valid();
        edit(span);
        return Proto(span);
    }

    /// <summary>One OTLP JSON span (hex ids) with extra raw JSON members spliced in.</summary>
    public static string JsonSpan(string extra = "", string? trace = null, string? span = null) =>
        $$"""{"traceId":"{{trace ?? NewTraceId()}}","spanId":"{{span ?? NewSpanId()}}","name":"op","startTimeUnixNano":"{{Nanos(0)}}","endTimeUnixNano":"{{Nanos(100)}}"{{extra}}}""";

    public static string JsonRequest(params string[] spans) =>
        """{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"hostile"}}]},"scopeSpans":[{"spans":[""" + string.Join(',', spans) + "]}]}]}";

    public static string Repeat(string s, int n) => string.Concat(Enumerable.Repeat(s, n));

    public static string Attr(string value) => $$""","attributes":[{"key":"k","value":{{value}}}]""";

    public static AnyValue DeepAnyValue(int depth)
    {
        var value = new AnyValue { StringValue = "leaf" };
        for (var i = 0; i < depth; i++)
        {
            var array = new ArrayValue();
            array.Values.Add(value);
            value = new AnyValue { ArrayValue = array };
        }
        return value;
    }

    /// <summary>Protobuf bytes of a request nested <paramref name="depth"/> AnyValue arrays deep, built by hand (the library refuses to).</summary>
    public static byte[] DeepProto(int depth)
    {
        // AnyValue.array_value = 5, ArrayValue.values = 1: each level is a length-delimited field of the next.
        byte[] inner = new AnyValue { StringValue = "leaf" }.ToByteArray();
        for (var i = 0; i < depth; i++)
        {
            inner = Wrap(1, inner);   // ArrayValue { values = inner }
            inner = Wrap(5, inner);   // AnyValue { array_value = ... }
        }
        var span = Valid();
        var head = span.ToByteArray();
        var keyValue = Wrap(1, Encoding.UTF8.GetBytes("k")).Concat(Wrap(2, inner)).ToArray();
        var spanBytes = head.Concat(Wrap(9, keyValue)).ToArray();                  // Span.attributes = 9
        var scope = Wrap(2, spanBytes);                                             // ScopeSpans.spans = 2
        var resource = Wrap(2, scope);                                              // ResourceSpans.scope_spans = 2
        return Wrap(1, resource);                                                   // Export...Request.resource_spans = 1
    }

    public static byte[] Wrap(int field, byte[] payload)
    {
        var output = new MemoryStream();
        var stream = new CodedOutputStream(output);
        stream.WriteTag(field, WireFormat.WireType.LengthDelimited);
        stream.WriteBytes(ByteString.CopyFrom(payload));
        stream.Flush();
        return output.ToArray();
    }

    public static byte[] ManySpans(int count, bool oneTrace)
    {
        var trace = NewTraceId();
        var spans = Enumerable.Range(0, count).Select(i => Span(oneTrace ? trace : NewTraceId(), $"{i + 1:x16}", null, "s", 0, 1)).ToArray();
        return Proto(spans);
    }

    public static byte[] InvalidUtf8Proto()
    {
        var span = Valid();
        span.Name = "@@";
        var bytes = Proto(span);
        var at = bytes.AsSpan().IndexOf("@@"u8);
        bytes[at] = 0xFF;
        bytes[at + 1] = 0xC3;
        return bytes;
    }
}
