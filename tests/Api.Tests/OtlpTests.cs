using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Compression;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Proto.Collector.Trace.V1;
using TraceGrains.Api.Pricing;
using TraceGrains.Api.V1;
using static TraceGrains.Api.Tests.Otlp;

namespace TraceGrains.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class OtlpTests(ApiFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private Uri TracesUrl => new($"http://127.0.0.1:{Host.OtlpPort}/v1/traces");

    private Task<GetTraceResponse> GetTrace(string traceId) =>
        Host.Query.GetTraceAsync(new GetTraceRequest { TraceId = traceId }).ResponseAsync;

    private async Task<HttpResponseMessage> PostAsync(byte[] body, string contentType, bool gzip = false)
    {
        if (gzip)
        {
            var buffer = new MemoryStream();
            await using (var zip = new GZipStream(buffer, CompressionLevel.Fastest)) zip.Write(body);
            body = buffer.ToArray();
        }
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (gzip) content.Headers.ContentEncoding.Add("gzip");
        return await Host.Http.PostAsync(TracesUrl, content);
    }

    [Fact]
    public async Task HttpJson_HandWrittenGenAiAndOpenInference_MapsModelTokensCostAndTree()
    {
        var trace = NewTraceId();
        string root = NewSpanId(), llm = NewSpanId(), embed = NewSpanId();
        // OTLP JSON: hex ids, 64-bit times as strings or numbers, enums as integers.
        var json = $$$"""
        {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"support-bot"}}]},
          "scopeSpans":[{"scope":{"name":"openinference.instrumentation.openai"},"spans":[
            {"traceId":"{{{trace}}}","spanId":"{{{root}}}","name":"agent","kind":1,
             "startTimeUnixNano":"{{{Nanos(0)}}}","endTimeUnixNano":{{{Nanos(3000)}}},
             "attributes":[{"key":"openinference.span.kind","value":{"stringValue":"AGENT"}},
                           {"key":"user.id","value":{"stringValue":"u-9"}},{"key":"session.id","value":{"stringValue":"s-3"}}],
             "status":{"code":1}},
            {"traceId":"{{{trace}}}","spanId":"{{{llm}}}","parentSpanId":"{{{root}}}","name":"chat claude","kind":3,
             "startTimeUnixNano":"{{{Nanos(100)}}}","endTimeUnixNano":"{{{Nanos(2100)}}}",
             "attributes":[{"key":"gen_ai.provider.name","value":{"stringValue":"anthropic"}},
                           {"key":"gen_ai.request.model","value":{"stringValue":"claude-3-5-sonnet"}},
                           {"key":"gen_ai.response.model","value":{"stringValue":"claude-3-5-haiku"}},
                           {"key":"gen_ai.usage.input_tokens","value":{"intValue":"1200"}},
                           {"key":"gen_ai.usage.output_tokens","value":{"intValue":300}},
                           {"key":"llm.cost.total","value":{"doubleValue":0.0123}},
                           {"key":"gen_ai.operation.name","value":{"stringValue":"chat"}}],
             "status":{"code":2,"message":"overloaded"}},
            {"traceId":"{{{trace}}}","spanId":"{{{embed}}}","parentSpanId":"{{{root}}}","name":"embed",
             "startTimeUnixNano":"{{{Nanos(2200)}}}","endTimeUnixNano":"{{{Nanos(2300)}}}",
             "attributes":[{"key":"openinference.span.kind","value":{"stringValue":"EMBEDDING"}},
                           {"key":"llm.model_name","value":{"stringValue":"some-unpriced-model"}},
                           {"key":"llm.system","value":{"stringValue":"acme"}},
                           {"key":"llm.token_count.prompt","value":{"intValue":"40"}},
                           {"key":"llm.token_count.total","value":{"intValue":"40"}}]}
          ]}]}]}
        """;

        var response = await PostAsync(Encoding.UTF8.GetBytes(json), "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.TryGetProperty("partialSuccess", out _));
        var result = await GetTrace(trace);
        var agent = Assert.Single(result.Roots);
        Assert.Equal(("AGENT", "support-bot", "u-9", "s-3"), (agent.Span.Kind, agent.Span.Service, agent.Span.Metadata["user"], agent.Span.Metadata["session"]));
        var children = agent.Children.ToDictionary(c => c.Span.Name, c => c.Span);
        var chat = children["chat claude"];
        Assert.Equal(("CLIENT", "anthropic", "claude-3-5-haiku"), (chat.Kind, chat.Provider, chat.Model));
        Assert.Equal((1200L, 300L, 1500L), (chat.InputTokens, chat.OutputTokens, agent.Subtree.TotalTokens - 40));
        Assert.Equal((0.0123, V1.CostSource.Provided), (chat.CostUsd, chat.CostSource));
        Assert.Equal((V1.SpanStatus.Error, "overloaded"), (chat.Status, chat.StatusMessage));
        Assert.Equal("chat", chat.Attributes["gen_ai.operation.name"]);
        Assert.False(chat.Attributes.ContainsKey("gen_ai.request.model"));
        var embedding = children["embed"];
        Assert.Equal(("EMBEDDING", "acme", V1.CostSource.Unknown), (embedding.Kind, embedding.Provider, embedding.CostSource));
        var summary = result.Summary;
        Assert.Equal((3, 1, 3000.0), (summary.SpanCount, summary.ErrorCount, summary.DurationMs));
        Assert.Equal((0.0123, 0.0123, 0.0), (summary.TotalCostUsd, summary.ProvidedCostUsd, summary.ComputedCostUsd));
        Assert.Equal(2, summary.UnknownCostSpanCount); // the agent (no tokens) and the unpriced model
    }

    [Fact]
    public async Task HttpProtobuf_Gzip_TokensWithoutCostGetAComputedCost()
    {
        var trace = NewTraceId();
        var request = Request("py-app",
            Span(trace, NewSpanId(), null, "llm", 0, 500,
                ("gen_ai.request.model", "gpt-4o-mini"), ("gen_ai.usage.input_tokens", 10_000), ("gen_ai.usage.output_tokens", 2_000)));

        var response = await PostAsync(request.ToByteArray(), "application/x-protobuf", gzip: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        var answer = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Null(answer.PartialSuccess);
        var price = Host.Services.GetRequiredService<CostCalculator>().Table.Find("gpt-4o-mini", T0);
        Assert.NotNull(price);
        var span = Assert.Single((await GetTrace(trace)).Roots).Span;
        Assert.Equal(V1.CostSource.Computed, span.CostSource);
        Assert.Equal((double)price.Cost(10_000, 2_000), span.CostUsd, 12);
    }

    [Fact]
    public async Task Grpc_Gzip_ExportsAndPartialSuccessCountsInvalidSpans()
    {
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{Host.GrpcPort}",
            new GrpcChannelOptions { CompressionProviders = [new GzipCompressionProvider(CompressionLevel.Fastest)], HttpHandler = KeyHeaderHandler.Bearer(Host.ApiKey) });
        var client = new TraceService.TraceServiceClient(channel);
        var trace = NewTraceId();
        var root = NewSpanId();
        var noSpanId = Span(trace, NewSpanId(), null, "no-id", 0, 1);
        noSpanId.SpanId = ByteString.Empty;
        var shortTrace = Span(trace, NewSpanId(), null, "short-trace", 0, 1);
        shortTrace.TraceId = ByteString.CopyFrom(1, 2, 3);
        var request = Request("grpc-app",
            Span(trace, root, null, "root", 0, 100),
            noSpanId,
            Span(trace, NewSpanId(), root, "backwards", 50, 10),
            shortTrace,
            Span(trace, NewSpanId(), root, "child", 10, 20));

        var answer = await client.ExportAsync(request, new Metadata { { "grpc-internal-encoding-request", "gzip" } });

        Assert.Equal(3, answer.PartialSuccess.RejectedSpans);
        Assert.Contains("spanId: missing", answer.PartialSuccess.ErrorMessage);
        Assert.Contains("endTimeUnixNano: before startTimeUnixNano", answer.PartialSuccess.ErrorMessage);
        Assert.Contains("traceId: must be 16 bytes", answer.PartialSuccess.ErrorMessage);
        var stored = await GetTrace(trace);
        Assert.Equal(2, stored.Summary.SpanCount);
        Assert.Equal("child", Assert.Single(Assert.Single(stored.Roots).Children).Span.Name);
    }

    [Fact]
    public async Task HttpJson_BadHexIds_ArePartialSuccessNotFailure()
    {
        var trace = NewTraceId();
        var json = $$$"""
        {"resourceSpans":[{"scopeSpans":[{"spans":[
          {"traceId":"{{{trace}}}","spanId":"{{{NewSpanId()}}}","name":"good","startTimeUnixNano":"{{{Nanos(0)}}}","endTimeUnixNano":"{{{Nanos(1)}}}"},
          {"traceId":"{{{trace}}}","spanId":"not-hex!","name":"bad"}]}]}]}
        """;
        var response = await PostAsync(Encoding.UTF8.GetBytes(json), "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var partial = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("partialSuccess");
        Assert.Equal("1", partial.GetProperty("rejectedSpans").GetString());
        Assert.Contains("spanId: 'not-hex!' is not a hex id", partial.GetProperty("errorMessage").GetString());
        Assert.Equal(1, (await GetTrace(trace)).Summary.SpanCount);
    }

    [Theory]
    [InlineData("application/x-protobuf", new byte[] { 0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01 })]
    [InlineData("application/json", new byte[] { (byte)'{', (byte)'"', (byte)'r' })]
    [InlineData("application/json", new byte[] { (byte)'[', (byte)']' })]
    [InlineData("application/json", new byte[] { (byte)'{', (byte)'"', (byte)'r', (byte)'e', (byte)'s', (byte)'o', (byte)'u', (byte)'r', (byte)'c', (byte)'e', (byte)'S', (byte)'p', (byte)'a', (byte)'n', (byte)'s', (byte)'"', (byte)':', (byte)'7', (byte)'}' })]
    public async Task Http_MalformedBody_Is400AndNodeKeepsServing(string contentType, byte[] body)
    {
        var response = await PostAsync(body, contentType);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("body", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
        var ok = await PostAsync(Request("x", Span(NewTraceId(), NewSpanId(), null, "after", 0, 1)).ToByteArray(), "application/x-protobuf");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Http_GzipInflatingPastTheLimit_Is413()
    {
        var bomb = new byte[4 * 1024 * 1024]; // zeros: a few KB compressed, 4 MB inflated, the limit is 1 MB
        var response = await PostAsync(bomb, "application/x-protobuf", gzip: true);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("after decompression", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Http_OtherContentTypeOrEncoding_Is415()
    {
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await PostAsync([1, 2], "text/plain")).StatusCode);
        var content = new ByteArrayContent([1, 2]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("br");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await Host.Http.PostAsync(TracesUrl, content)).StatusCode);
    }

    [Fact]
    public async Task Grpc_UnreadableMessage_IsInvalidArgument()
    {
        var raw = new Method<byte[], byte[]>(MethodType.Unary, "opentelemetry.proto.collector.trace.v1.TraceService", "Export",
            Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Host.Channel.CreateCallInvoker().AsyncUnaryCall(raw, null, new CallOptions(), [0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task PortkeyLogAndOtlpSpan_WithOneTraceId_LandInOneTree()
    {
        var trace = NewTraceId();
        var gatewaySpan = NewSpanId();
        await PortkeyLogs.PostAsync(Host.Http, PortkeyLogs.Log(trace, gatewaySpan, spanName: "gateway call", cost: "0.02"));
        await PostAsync(Request("app", Span(trace, NewSpanId(), gatewaySpan, "post-process", 0, 5)).ToByteArray(), "application/x-protobuf");

        var result = await GetTrace(trace);
        var root = Assert.Single(result.Roots);
        Assert.Equal("gateway call", root.Span.Name);
        Assert.Equal("post-process", Assert.Single(root.Children).Span.Name);
        Assert.Equal(2, root.Subtree.SpanCount);
    }
}
