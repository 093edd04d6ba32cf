using System.Text;
using Google.Protobuf;
using Grpc.Core;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using static TraceGrains.Api.Tests.Hostile.Nasty;
using static TraceGrains.Api.Tests.Otlp;
using static TraceGrains.Api.Tests.Hostile.OtlpNasty;
using OtelSpan = OpenTelemetry.Proto.Trace.V1.Span;

namespace TraceGrains.Api.Tests.Hostile;

/// <summary>Nasty OTLP requests over HTTP (JSON and protobuf, plain and gzip) and gRPC.</summary>
[Collection(HostileCollection.Name)]
public sealed class OtlpCorpusTests(HostileFixture fixture)
{
    private const string ProtobufType = "application/x-protobuf";
    private const string TraceService = "opentelemetry.proto.collector.trace.v1.TraceService";

    private static HostileCase P(string name, Func<byte[]> body, string field, Outcome outcome = Outcome.Refused, string? encoding = null) =>
        new(name, body, ProtobufType, field, outcome, encoding);

    private static readonly HostileCase[] All =
    [
        // OTLP JSON
        HostileCase.Json("json-deep-arrays-10000", () => Nested(10_000), "body"),
        HostileCase.Json("json-deep-objects-10000", () => NestedObjects(10_000), "body"),
        HostileCase.Json("json-deep-kvlist-attribute-100", () => JsonRequest(JsonSpan(Attr(Repeat("{\"arrayValue\":{\"values\":[", 100) + "{\"stringValue\":\"x\"}" + Repeat("]}}", 100)))), "body", Outcome.Either),
        HostileCase.Json("json-start-1e400", () => JsonRequest(JsonSpan().Replace($"\"startTimeUnixNano\":\"{Nanos(0)}\"", "\"startTimeUnixNano\":1e400")), "body"),
        HostileCase.Json("json-start-2^64+1", () => JsonRequest(JsonSpan().Replace($"\"{Nanos(0)}\"", "\"18446744073709551617\"")), "body"),
        HostileCase.Json("json-start-negative", () => JsonRequest(JsonSpan().Replace($"\"{Nanos(0)}\"", "\"-1\"")), "body"),
        HostileCase.Json("json-int-attribute-2^64+1", () => JsonRequest(JsonSpan(Attr("{\"intValue\":\"18446744073709551617\"}"))), "body"),
        HostileCase.Json("json-tokens-negative", () => JsonRequest(JsonSpan(",\"attributes\":[{\"key\":\"gen_ai.usage.input_tokens\",\"value\":{\"intValue\":-1}}]")), "attributes", Outcome.Either),
        HostileCase.Json("json-double-NaN-string", () => JsonRequest(JsonSpan(",\"attributes\":[{\"key\":\"llm.cost.total\",\"value\":{\"doubleValue\":\"NaN\"}}]")), "attributes", Outcome.Either),
        HostileCase.Json("json-double-Infinity-string", () => JsonRequest(JsonSpan(",\"attributes\":[{\"key\":\"gen_ai.usage.output_tokens\",\"value\":{\"doubleValue\":\"Infinity\"}}]")), "attributes", Outcome.Either),
        HostileCase.Json("json-double-NaN-literal", () => JsonRequest(JsonSpan(Attr("{\"doubleValue\":NaN}"))), "body"),
        HostileCase.Json("json-end-before-start", () => JsonRequest(JsonSpan().Replace($"\"endTimeUnixNano\":\"{Nanos(100)}\"", $"\"endTimeUnixNano\":\"{Nanos(-100)}\"")), "endTimeUnixNano"),
        new("json-invalid-utf8-name", () => InvalidUtf8(JsonRequest(JsonSpan()).Replace("\"name\":\"op\"", "\"name\":\"@@").Split("@@")[0], JsonRequest(JsonSpan()).Replace("\"name\":\"op\"", "\"name\":\"@@").Split("@@")[1]), "application/json", "body", Outcome.Either),
        HostileCase.Json("json-lone-surrogate-key", () => JsonRequest(JsonSpan(",\"attributes\":[{\"key\":\"\\udc00\",\"value\":{\"stringValue\":\"x\"}}]")), "attributes", Outcome.Either),
        HostileCase.Json("json-duplicate-keys", () => JsonRequest(JsonSpan(",\"spanId\":\"" + NewSpanId() + "\",\"name\":\"again\"")), "spanId", Outcome.Either),
        HostileCase.Json("json-duplicate-resourceSpans", () => JsonRequest(JsonSpan()).Insert(1, "\"resourceSpans\":[],"), "resourceSpans", Outcome.Either),
        HostileCase.Json("json-string-10MB", () => JsonRequest(JsonSpan(Attr($"{{\"stringValue\":\"{Big(10 * 1024 * 1024)}\"}}"))), "body"),
        HostileCase.Json("json-string-1MB-attribute", () => JsonRequest(JsonSpan(Attr($"{{\"stringValue\":\"{Big(1024 * 1024)}\"}}"))), "attributes.k"),
        HostileCase.Json("json-string-1MB-name", () => JsonRequest(JsonSpan().Replace("\"name\":\"op\"", $"\"name\":\"{Big(1024 * 1024)}\"")), "name"),
        HostileCase.Json("json-string-1MB-attribute-key", () => JsonRequest(JsonSpan($",\"attributes\":[{{\"key\":\"{Big(1024 * 1024)}\",\"value\":{{\"stringValue\":\"v\"}}}}]")), "attributes"),
        HostileCase.Json("json-bad-hex-span-id", () => JsonRequest(JsonSpan(span: "zz")), "spanId"),
        HostileCase.Json("json-odd-hex-trace-id", () => JsonRequest(JsonSpan(trace: "abc")), "traceId"),
        HostileCase.Json("json-zero-trace-id", () => JsonRequest(JsonSpan(trace: new string('0', 32))), "traceId"),
        HostileCase.Json("json-huge-hex-id", () => JsonRequest(JsonSpan(span: new string('a', 100_000))), "spanId"),
        HostileCase.Json("json-spans-not-array", () => "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":{\"a\":1}}]}]}", "body", Outcome.Either),
        HostileCase.Json("json-resourceSpans-string", () => "{\"resourceSpans\":\"x\"}", "body"),
        HostileCase.Json("json-array-body", () => "[]", "body"),
        HostileCase.Json("json-empty", () => "", "body"),
        HostileCase.Json("json-100000-spans", () => JsonRequest([.. Enumerable.Range(0, 100_000).Select(i => JsonSpan())]), "body"),
        HostileCase.Json("json-6000-spans", () => JsonRequest([.. Enumerable.Range(0, 6_000).Select(i => JsonSpan())]), "resourceSpans"),
        new("json-random-bytes", () => Random(4096, 11), "application/json", "body", Outcome.Refused),
        new("json-gzip-bomb", () => GzipBomb(64 * 1024 * 1024), "application/json", "body", Outcome.Refused, "gzip"),
        // OTLP protobuf
        P("proto-random-bytes", () => Random(4096, 12), "body"),
        P("proto-random-bytes-1MB", () => Random(1024 * 1024, 13), "body"),
        P("proto-truncated", () => Proto(Valid(), Valid())[..^7], "body"),
        P("proto-deep-anyvalue-10000", () => DeepProto(10_000), "body"),
        P("proto-deep-anyvalue-90", () => DeepProto(45), "attributes", Outcome.Either),
        P("proto-varint-overflow", () => [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], "body"),
        P("proto-length-past-end", () => [0x0A, 0xFF, 0xFF, 0xFF, 0x7F, 0x00], "body"),
        P("proto-empty", () => [], "body", Outcome.Accepted),
        P("proto-invalid-utf8-strings", () => InvalidUtf8Proto(), "body"),
        P("proto-end-before-start", () => ProtoWith(s => s.EndTimeUnixNano = s.StartTimeUnixNano - 1), "endTimeUnixNano"),
        P("proto-start-max-ulong", () => ProtoWith(s => { s.StartTimeUnixNano = ulong.MaxValue; s.EndTimeUnixNano = ulong.MaxValue; }), "startTimeUnixNano", Outcome.Either),
        P("proto-tokens-negative", () => ProtoWith(s => s.Attributes.Add(Otlp.Attr("gen_ai.usage.input_tokens", -1L))), "attributes", Outcome.Either),
        P("proto-tokens-long-max", () => ProtoWith(s => s.Attributes.Add(Otlp.Attr("gen_ai.usage.input_tokens", long.MaxValue))), "attributes", Outcome.Either),
        P("proto-cost-NaN", () => ProtoWith(s => s.Attributes.Add(Otlp.Attr("llm.cost.total", double.NaN))), "attributes", Outcome.Either),
        P("proto-cost-Infinity", () => ProtoWith(s => s.Attributes.Add(Otlp.Attr("llm.cost.prompt", double.PositiveInfinity))), "attributes", Outcome.Either),
        P("proto-cost-1e300", () => ProtoWith(s => s.Attributes.Add(Otlp.Attr("llm.cost.total", 1e300))), "attributes", Outcome.Either),
        P("proto-short-span-id", () => ProtoWith(s => s.SpanId = ByteString.CopyFrom(1, 2, 3)), "spanId"),
        P("proto-no-trace-id", () => ProtoWith(s => s.TraceId = ByteString.Empty), "traceId"),
        P("proto-self-parent", () => ProtoWith(s => s.ParentSpanId = s.SpanId), "parentSpanId"),
        P("proto-string-10MB", () => ProtoWith(s => s.Attributes.Add(Otlp.Attr("big", Big(10 * 1024 * 1024)))), "body"),
        P("proto-string-1MB-attribute", () => ProtoWith(s => s.Attributes.Add(Otlp.Attr("big", Big(1024 * 1024)))), "attributes.big"),
        P("proto-string-1MB-status-message", () => ProtoWith(s => s.Status = new() { Code = OpenTelemetry.Proto.Trace.V1.Status.Types.StatusCode.Error, Message = Big(1024 * 1024) }), "statusMessage"),
        P("proto-string-1MB-service", () => { var r = Request(Big(1024 * 1024), Valid()); return r.ToByteArray(); }, "service"),
        P("proto-string-1MB-kind", () => ProtoWith(s => s.Attributes.Add(Otlp.Attr("openinference.span.kind", Big(1024 * 1024)))), "kind"),
        P("proto-1000-attributes", () => ProtoWith(s => s.Attributes.AddRange(Enumerable.Range(0, 1000).Select(i => Otlp.Attr("a" + i, i)))), "attributes"),
        P("proto-100000-spans", () => ManySpans(100_000, oneTrace: true), "resourceSpans"),
        P("proto-gzip-bomb", () => GzipBomb(64 * 1024 * 1024), "body", Outcome.Refused, "gzip"),
        P("proto-gzip-garbage", () => Random(1000, 14), "body", Outcome.Refused, "gzip"),
        P("proto-gzip-truncated", () => Gzip(Proto(Valid()))[..^10], "body", Outcome.Refused, "gzip"),
        P("proto-brotli", () => Proto(Valid()), "Content-Encoding", Outcome.Refused, "br"),
        new("text-plain", () => Proto(Valid()), "text/plain", "Content-Type", Outcome.Refused),
    ];

    public static TheoryData<string> Cases => [.. All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Hostile_OtlpHttp_NeverServerErrorAndNamesField(string name)
    {
        var c = All.Single(x => x.Name == name);
        var answer = await fixture.Client.PostAsync("/v1/traces", c.Body(), c.ContentType, c.Encoding);
        c.Check(answer);
        await fixture.Client.AssertStillServesAsync(name);
    }

    public static TheoryData<string> GrpcCases => [.. All.Where(c => c.ContentType == ProtobufType && c.Encoding is null).Select(c => c.Name)];

    [Fact]
    public async Task Hostile_OtlpGrpcGzipBomb_IsRefusedAfterInflating()
    {
        // 32 MB of one character compresses to a few tens of KB; inflated it passes the gRPC message limit (MaxRequestBodyBytes, 8 MB here).
        var bomb = ProtoWith(s => s.Attributes.Add(Otlp.Attr("big", new string('x', 32 * 1024 * 1024))));
        var (code, detail, _) = await fixture.Client.CallRawAsync(TraceService, "Export", bomb, gzip: true);
        Assert.True(code is StatusCode.ResourceExhausted or StatusCode.InvalidArgument, $"{code} {detail}");
        await fixture.Client.AssertStillServesAsync("gRPC gzip bomb");
    }

    [Theory]
    [MemberData(nameof(GrpcCases))]
    public async Task Hostile_OtlpGrpcExport_NeverInternalAndNamesField(string name)
    {
        var c = All.Single(x => x.Name == name);
        var body = c.Body();
        var (code, detail, reply) = await fixture.Client.CallRawAsync(TraceService, "Export", body);
        // gRPC's default receive limit (4 MB) may refuse a large message before it reaches the service.
        if (code == StatusCode.ResourceExhausted && body.Length > 4 * 1024 * 1024) return;
        // gRPC has no body: an unreadable message is named "message".
        HostileAssert.GrpcNamesField((code, detail), c.Field == "body" ? "message" : c.Field, name);
        if (c.Outcome == Outcome.Refused && code == StatusCode.OK)
        {
            // Refused inside a success: the typed call shows the partial success naming the field.
            var response = ExportTraceServiceResponse.Parser.ParseFrom(reply);
            Assert.True(response.PartialSuccess?.ErrorMessage.Contains(c.Field) == true, $"{name}: {response}");
        }
        await fixture.Client.AssertStillServesAsync(name);
    }
}
