using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using TraceGrains.Api.V1;
using static TraceGrains.Api.Tests.PortkeyLogs;
using static TraceGrains.TestSupport.Spans;

namespace TraceGrains.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class QueryTests(ApiFixture fixture)
{
    [Fact]
    public async Task GetTrace_UnknownTrace_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            fixture.Host.Query.GetTraceAsync(new GetTraceRequest { TraceId = NewId() }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task GetTrace_MalformedId_IsInvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            fixture.Host.Query.GetTraceAsync(new GetTraceRequest { TraceId = "a/b c" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("trace_id:", error.Status.Detail);
    }

    [Fact]
    public async Task JsonMirror_ReturnsExactlyTheGrpcMessage()
    {
        var trace = NewId();
        await PostAsync(fixture.Host.Http, new System.Text.Json.Nodes.JsonArray(Log(trace, "a", cost: "0.5"), Log(trace, "b", parentSpanId: "a")));
        var grpc = await fixture.Host.Query.GetTraceAsync(new GetTraceRequest { TraceId = trace });

        var response = await fixture.Host.Http.GetAsync($"/v1/traces/{trace}");
        var json = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(grpc, JsonParser.Default.Parse<GetTraceResponse>(json));
        Assert.Contains("\"totalCostUsd\": 0.5", json);
    }

    [Fact]
    public async Task GetTrace_ReadAgainAfterTheTraceChanges_AnswersTheNewVersion()
    {
        // The node keeps the encoded answer of an unchanged trace; a change must never be answered from it.
        var trace = NewId();
        await PostAsync(fixture.Host.Http, Log(trace, "a", cost: "0.5"));
        var first = await fixture.Host.Query.GetTraceAsync(new GetTraceRequest { TraceId = trace });
        Assert.Equal(first, await fixture.Host.Query.GetTraceAsync(new GetTraceRequest { TraceId = trace }));

        await PostAsync(fixture.Host.Http, Log(trace, "b", parentSpanId: "a", cost: "0.25"));
        var second = await fixture.Host.Query.GetTraceAsync(new GetTraceRequest { TraceId = trace });

        Assert.Equal(1, first.Summary.SpanCount);
        Assert.Equal(2, second.Summary.SpanCount);
        Assert.Equal(0.75, second.Summary.TotalCostUsd, 6);
        var root = Assert.Single(second.Roots);
        Assert.Equal("a", root.Span.SpanId);
        Assert.Equal("b", Assert.Single(root.Children).Span.SpanId);
    }

    [Fact]
    public async Task JsonMirror_UnknownOrBadId_Is404Or400()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Host.Http.GetAsync($"/v1/traces/{NewId()}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await fixture.Host.Http.GetAsync("/v1/traces/bad%20id")).StatusCode);
    }

    [Fact]
    public async Task Health_GrpcHealthServiceAndHttpProbe_AreServing()
    {
        var health = new Health.HealthClient(fixture.Host.Channel);
        var reply = await health.CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Host.Http.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Reflection_ListsTheQueryService()
    {
        var reflection = new Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionClient(fixture.Host.Channel);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new Grpc.Reflection.V1Alpha.ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name);
        Assert.Contains("tracegrains.v1.TraceQuery", services);
    }
}
