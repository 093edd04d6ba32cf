using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using TraceGrains.Api.Errors;
using TraceGrains.Api.Otlp;
using TraceGrains.Api.Portkey;
using TraceGrains.Api.Query;
using TraceGrains.Api.V1;
using static TraceGrains.Api.Tests.Otlp;

namespace TraceGrains.Api.Tests.Hostile;

public sealed record PortkeyText(string Json);
public sealed record OtlpText(string Json);
public sealed record Mutation(int Kind, int Position, byte Value, int Count);

public static class HostileArbitraries
{
    public static Arbitrary<PortkeyText> Portkey() => Arb.From(JsonGen.Text(JsonGen.PortkeyKeys).Select(t => new PortkeyText(t)));

    public static Arbitrary<OtlpText> Otlp() =>
        Arb.From(Gen.Frequency((3, JsonGen.OtlpRequest), (1, JsonGen.Text(JsonGen.OtlpKeys))).Select(t => new OtlpText(t)));

    public static Arbitrary<Mutation> Mutations() =>
        Arb.From(Gen.Choose(0, 3).SelectMany(kind => Gen.Choose(0, int.MaxValue).SelectMany(position =>
            Gen.Choose(0, 255).SelectMany(value => Gen.Choose(1, 8).Select(count => new Mutation(kind, position, (byte)value, count))))));
}

/// <summary>
/// Parsers, fed anything at all, either parse or throw the one client-error type naming a field.
/// Any other exception would be a 500 (or gRPC UNKNOWN) in the node.
/// </summary>
[Properties(Arbitrary = [typeof(HostileArbitraries)], MaxTest = 200)]
public sealed class ParserProperties
{
    private static readonly TraceHeaders NoHeaders = new(null, null, null, null);
    internal static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly Grains.TraceLimitsOptions Limits = new();

    /// <summary>Runs <paramref name="parse"/>; a <see cref="FieldException"/> must name a field, anything else fails the property.</summary>
    internal static void ParsesOrNamesField(Action parse)
    {
        try
        {
            parse();
        }
        catch (FieldException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Field), $"a refusal without a field: {e.Message}");
            Assert.False(string.IsNullOrWhiteSpace(e.Problem), $"a refusal without a reason: {e.Message}");
            Assert.InRange(e.StatusCode, 400, 499);
        }
    }

    private static async Task<System.Text.Json.JsonDocument> ReadBodyAsync(byte[] body, string? encoding = null)
    {
        var http = new DefaultHttpContext();
        http.Request.ContentType = "application/json";
        http.Request.Body = new MemoryStream(body);
        http.Request.ContentLength = body.Length;
        if (encoding is not null) http.Request.Headers.ContentEncoding = encoding;
        return await JsonBody.ReadAsync(http.Request, CancellationToken.None);
    }

    private static void ParseLogs(byte[] body)
    {
        using var document = ReadBodyAsync(body).GetAwaiter().GetResult();
        foreach (var (item, path) in JsonBody.Items(document.RootElement, 1000))
            _ = PortkeyLogParser.Parse(item, path, NoHeaders, Now);
    }

    [Property]
    public void PortkeyLog_RandomJson_ParsesOrNamesField(PortkeyText text) =>
        ParsesOrNamesField(() => ParseLogs(JsonGen.Utf8(text.Json)));

    [Property]
    public void PortkeyLog_RandomBytes_ParsesOrNamesField(byte[] bytes) =>
        ParsesOrNamesField(() => ParseLogs(bytes));

    [Property]
    public void PortkeyLog_MutatedValidLog_ParsesOrNamesField(Mutation mutation) =>
        ParsesOrNamesField(() => ParseLogs(Mutate(JsonGen.Utf8(PortkeyLogs.Log("t1", "s1", cost: "0.5").ToJsonString()), mutation)));

    [Property]
    public void Feedback_RandomJson_ParsesOrNamesField(PortkeyText text) =>
        ParsesOrNamesField(() =>
        {
            using var document = ReadBodyAsync(JsonGen.Utf8(text.Json)).GetAwaiter().GetResult();
            foreach (var (item, path) in JsonBody.Items(document.RootElement, 1000)) _ = FeedbackParser.ParseCreate(item, path, Limits);
            _ = FeedbackParser.ParseUpdate(document.RootElement, Guid.NewGuid(), Limits);
        });

    private static void ParseOtlp(byte[] body, bool protobuf)
    {
        var (request, idErrors) = OtlpHttpEndpoints.Parse(body, protobuf);
        _ = OtlpSpanMapper.Map(request, idErrors);
    }

    [Property]
    public void OtlpJson_RandomJson_ParsesOrNamesField(OtlpText text) =>
        ParsesOrNamesField(() => ParseOtlp(JsonGen.Utf8(text.Json), protobuf: false));

    [Property]
    public void OtlpJson_RandomBytes_ParsesOrNamesField(byte[] bytes) =>
        ParsesOrNamesField(() => ParseOtlp(bytes, protobuf: false));

    [Property]
    public void OtlpProtobuf_RandomBytes_ParsesOrNamesField(byte[] bytes) =>
        ParsesOrNamesField(() => ParseOtlp(bytes, protobuf: true));

    private static readonly byte[] ValidOtlp = Request("svc",
        Span(NewTraceId(), NewSpanId(), null, "root", 0, 100, ("gen_ai.usage.input_tokens", 5L), ("llm.cost.total", 0.5), ("k", "v")),
        Span(NewTraceId(), NewSpanId(), NewSpanId(), "child", 10, 20, ("openinference.span.kind", "LLM"))).ToByteArray();

    [Property]
    public void OtlpProtobuf_MutatedValidRequest_ParsesOrNamesField(Mutation mutation) =>
        ParsesOrNamesField(() => ParseOtlp(Mutate(ValidOtlp, mutation), protobuf: true));

    [Property]
    public void OtlpJson_MutatedValidRequest_ParsesOrNamesField(Mutation mutation) =>
        ParsesOrNamesField(() => ParseOtlp(Mutate(JsonGen.Utf8(JsonFormatter.Default.Format(ExportTraceServiceRequestOf(ValidOtlp))), mutation), protobuf: false));

    private static OpenTelemetry.Proto.Collector.Trace.V1.ExportTraceServiceRequest ExportTraceServiceRequestOf(byte[] bytes) =>
        OpenTelemetry.Proto.Collector.Trace.V1.ExportTraceServiceRequest.Parser.ParseFrom(bytes);

    /// <summary>Flips bits, overwrites, truncates or duplicates a slice of <paramref name="data"/>.</summary>
    internal static byte[] Mutate(byte[] data, Mutation m)
    {
        if (data.Length == 0) return data;
        var bytes = (byte[])data.Clone();
        var at = m.Position % bytes.Length;
        switch (m.Kind)
        {
            case 0:
                for (var i = 0; i < m.Count; i++) bytes[(at + i * 7) % bytes.Length] ^= (byte)(1 << ((m.Value + i) % 8));
                return bytes;
            case 1:
                bytes[at] = m.Value;
                return bytes;
            case 2:
                return bytes[..at];
            default:
                var end = Math.Min(bytes.Length, at + m.Count * 16);
                return [.. bytes[..end], .. bytes[at..end], .. bytes[end..]];
        }
    }
}
