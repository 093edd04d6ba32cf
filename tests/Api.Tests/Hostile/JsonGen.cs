using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;

namespace TraceGrains.Api.Tests.Hostile;

/// <summary>
/// Generators of hostile JSON text: random trees over the keys the parsers look for, with values of
/// every type and the numbers and strings parsers get wrong (1e400, 2^64+1, "NaN", lone surrogates,
/// year 1 and 9999), duplicate keys and, now and then, text that is not JSON at all.
/// </summary>
public static class JsonGen
{
    public static readonly string[] PortkeyKeys =
    [
        "request", "response", "metadata", "body", "usage", "prompt_tokens", "completion_tokens", "total_tokens",
        "input_tokens", "output_tokens", "status", "response_time", "url", "method", "provider", "model", "error",
        "message", "traceId", "trace_id", "spanId", "span_id", "parentSpanId", "parent_span_id", "spanName",
        "startTime", "start_time", "endTime", "end_time", "cost", "cost_usd", "_user", "_organisation", "value",
        "weight", "feedback_id", "traceID", "0", "1", "",
    ];

    public static readonly string[] OtlpKeys =
    [
        "resourceSpans", "resource_spans", "scopeSpans", "scope_spans", "spans", "resource", "scope", "attributes",
        "key", "value", "stringValue", "intValue", "doubleValue", "boolValue", "bytesValue", "arrayValue",
        "kvlistValue", "values", "traceId", "spanId", "parentSpanId", "parent_span_id", "name", "kind",
        "startTimeUnixNano", "endTimeUnixNano", "status", "code", "message", "events", "links", "traceState",
        "flags", "droppedAttributesCount", "timeUnixNano", "schemaUrl",
    ];

    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "1.5", "1e400", "-1e400", "1e-400", "18446744073709551617", "9223372036854775808",
        "-9223372036854775809", "4294967296", "1e308", "2.5e-324", "599", "600", "99", "1000000000000", "7", "10", "-10", "11",
    ];

    private static readonly string[] Strings =
    [
        "", "NaN", "Infinity", "-Infinity", "-1", "1e400", "18446744073709551617", "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z", "2026-11-01T10:00:00Z", "1e300", "253402300799001", "0123456789abcdef",
        "0123456789abcdef0123456789abcdef", "00000000000000000000000000000000", "zz", "abc", "a/b", "../..",
        "\\ud800", "\\udc00x", "\\u0000", "é", "gpt-4o", "openai", "https://api.openai.com/v1/chat/completions",
        "http://[::1", "1", "true", "12345678-1234-1234-1234-123456789012", "AAECAwQFBgcICQoLDA0ODw==", "!!",
    ];

    /// <summary>JSON text of a random tree using <paramref name="keys"/>; a few percent of it is not valid JSON.</summary>
    public static Gen<string> Text(string[] keys) =>
        Gen.Frequency(
            (20, Gen.Sized(size => Node(keys, Math.Min(size, 40), 5))),
            (1, Gen.Elements("", "{", "[", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":1,}", "\"x", "{\"a\":\"\\x\"}", "nul", "[1 2]")),
            (1, Gen.Choose(0, 64).Select(n => new string('[', n) + new string(']', n))));

    private static Gen<string> Scalar(string[] keys) =>
        Gen.Frequency(
            (4, Gen.Elements(Numbers)),
            (4, Gen.Elements(Strings).Select(s => "\"" + s + "\"")),
            (2, Gen.Elements(keys).Select(s => "\"" + s + "\"")),
            (1, Gen.Elements("true", "false", "null")),
            (1, Gen.Choose(0, 3000).Select(n => "\"" + new string('x', n) + "\"")),
            (1, Gen.Choose(int.MinValue, int.MaxValue).Select(n => n.ToString())));

    private static Gen<string> Node(string[] keys, int size, int depth)
    {
        if (size <= 0 || depth <= 0) return Scalar(keys);
        var child = Gen.Sized(s => Node(keys, size / 2, depth - 1));
        var member = Gen.Elements(keys).SelectMany(k => child.Select(v => $"\"{k}\":{v}"));
        return Gen.Frequency(
            (3, Scalar(keys)),
            (2, Gen.Choose(0, 5).SelectMany(n => Gen.ArrayOf(child, n)).Select(items => "[" + string.Join(',', items) + "]")),
            (4, Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(member, n)).Select(items => "{" + string.Join(',', items) + "}")));
    }

    /// <summary>An OTLP-shaped request: the right skeleton, random spans inside.</summary>
    public static Gen<string> OtlpRequest =>
        Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(OtlpSpan, n)).SelectMany(spans =>
            Text(OtlpKeys).Select(resource =>
                "{\"resourceSpans\":[{\"resource\":" + resource + ",\"scopeSpans\":[{\"spans\":[" + string.Join(',', spans) + "]}]}]}"));

    private static Gen<string> OtlpSpan =>
        Gen.ArrayOf(Gen.Elements(
            ("traceId", "\"0123456789abcdef0123456789abcdef\""), ("spanId", "\"0123456789abcdef\""),
            ("parentSpanId", "\"0123456789abcdef\""), ("name", "\"op\""), ("startTimeUnixNano", "\"1000\""),
            ("endTimeUnixNano", "\"500\""), ("kind", "3"), ("status", "{\"code\":2,\"message\":\"x\"}"),
            ("attributes", "[{\"key\":\"gen_ai.usage.input_tokens\",\"value\":{\"intValue\":\"-5\"}}]"),
            ("attributes", "[{\"key\":\"llm.cost.total\",\"value\":{\"doubleValue\":\"NaN\"}}]"),
            ("events", "[{\"name\":\"exception\",\"attributes\":[{\"key\":\"exception.type\",\"value\":{}}]}]")), 4)
            .SelectMany(fixedMembers => Text(OtlpKeys).Select(random =>
            {
                var members = fixedMembers.DistinctBy(m => m.Item1).Select(m => $"\"{m.Item1}\":{m.Item2}").ToList();
                return "{" + string.Join(',', members) + (random.StartsWith('{') && random.Length > 2 && IsJson(random) ? "," + random[1..] : "}");
            }));

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
