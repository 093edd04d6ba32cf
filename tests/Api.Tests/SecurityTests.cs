using System.Net;
using System.Net.Http.Json;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using OpenTelemetry.Proto.Collector.Trace.V1;
using TraceGrains.Api.V1;
using static TraceGrains.Api.Tests.PortkeyLogs;
using static TraceGrains.TestSupport.Spans;

namespace TraceGrains.Api.Tests;

/// <summary>Doors without a valid key: every one refuses except health.</summary>
[Collection(ApiCollection.Name)]
public sealed class SecurityTests(ApiFixture fixture)
{
    private ApiHost Host => fixture.Host;

    /// <summary>No key, a well-formed unknown key, a malformed key and a bearer scheme with nothing after it.</summary>
    public static TheoryData<string?> BadKeys => new()
    {
        null,
        Auth.ApiKey.Generate().ToString(),
        "not-a-key",
        "tg_0123456789abcdef_" + new string('A', 43),
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task EveryHttpDoor_WithoutAValidKey_Gets401NamingTheHeaders(string? key)
    {
        using var http = Host.Client(key);
        var otlp = new ExportTraceServiceRequest().ToByteArray();
        var requests = new (HttpMethod Method, string Url, HttpContent? Body)[]
        {
            (HttpMethod.Post, "/v1/logs", JsonContent.Create(Log(NewId(), "s"))),
            (HttpMethod.Post, "/v1/feedback", JsonContent.Create(new { trace_id = NewId(), value = 1 })),
            (HttpMethod.Put, $"/v1/feedback/{Guid.NewGuid()}", JsonContent.Create(new { value = 1 })),
            (HttpMethod.Post, "/v1/traces", Protobuf(otlp)),
            (HttpMethod.Post, $"http://127.0.0.1:{Host.OtlpPort}/v1/traces", Protobuf(otlp)),
            (HttpMethod.Get, "/v1/traces", null),
            (HttpMethod.Get, $"/v1/traces/{NewId()}", null),
            (HttpMethod.Get, $"/v1/traces/{NewId()}/summary", null),
            (HttpMethod.Get, $"/v1/traces/{NewId()}/feedback", null),
            (HttpMethod.Get, "/v1/stats/storage", null),
            (HttpMethod.Post, "/v1/admin/index/rebuild", null),
            (HttpMethod.Get, "/v1/admin/workspaces", null),
            (HttpMethod.Post, "/v1/admin/workspaces", JsonContent.Create(new { id = "intruder" })),
            (HttpMethod.Delete, "/v1/admin/workspaces/default", null),
            (HttpMethod.Post, "/v1/admin/workspaces/default/keys", null),
            (HttpMethod.Get, "/v1/admin/workspaces/default/keys", null),
            (HttpMethod.Delete, "/v1/admin/keys/0123456789abcdef", null),
        };
        foreach (var (method, url, body) in requests)
        {
            var response = await http.SendAsync(new HttpRequestMessage(method, url) { Content = body });
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {url}: {(int)response.StatusCode} {text}");
            Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
            Assert.Contains("x-portkey-api-key or Authorization: Bearer", text);
            if (key is not null) Assert.DoesNotContain(key, text);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Client(Host.ApiKey).GetAsync($"/v1/traces/{NewId()}")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task EveryGrpcDoor_WithoutAValidKey_GetsUnauthenticated(string? key)
    {
        using var channel = Host.OpenChannel(key);
        var query = new TraceQuery.TraceQueryClient(channel);
        var calls = new (string Name, Func<Task> Call)[]
        {
            ("GetTrace", () => query.GetTraceAsync(new GetTraceRequest { TraceId = NewId() }).ResponseAsync),
            ("GetTraceSummary", () => query.GetTraceSummaryAsync(new GetTraceSummaryRequest { TraceId = NewId() }).ResponseAsync),
            ("ListFeedback", () => query.ListFeedbackAsync(new ListFeedbackRequest { TraceId = NewId() }).ResponseAsync),
            ("ListTraces", () => query.ListTracesAsync(new ListTracesRequest()).ResponseAsync),
            ("WatchTrace", async () =>
            {
                using var watch = query.WatchTrace(new WatchTraceRequest { TraceId = NewId() });
                await watch.ResponseStream.MoveNext(CancellationToken.None);
            }),
            ("Export", () => new TraceService.TraceServiceClient(channel).ExportAsync(new ExportTraceServiceRequest()).ResponseAsync),
            ("Reflection", async () =>
            {
                // Only read: the server refuses the call as it starts, and a write racing that refusal
                // can fail as Cancelled instead of carrying the refusal's status.
                using var reflection = new Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();
                await reflection.ResponseStream.MoveNext(CancellationToken.None);
            }),
        };
        foreach (var (name, call) in calls)
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            Assert.True(error.StatusCode == StatusCode.Unauthenticated, $"{name}: {error.Status}");
            Assert.Contains("Authorization: Bearer", error.Status.Detail);
        }
    }

    [Fact]
    public async Task HealthEndpoints_NeedNoKey()
    {
        using var http = Host.Client(null);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        using var channel = Host.OpenChannel(null);
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task PortkeyHeaderOnPortkeyDoors_BearerOnOtlp_BothCarryTheWorkspaceKey()
    {
        var trace = NewId();
        using var portkey = new HttpClient(new KeyHeaderHandler("x-portkey-api-key", Host.ApiKey)) { BaseAddress = Host.Http.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(portkey, Log(trace, "root"))).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await portkey.PostAsJsonAsync("/v1/feedback", new { trace_id = trace, value = 3 })).StatusCode);

        var otlpTrace = Otlp.NewTraceId();
        using var bearer = Host.Client(Host.ApiKey);
        var response = await bearer.PostAsync($"http://127.0.0.1:{Host.OtlpPort}/v1/traces",
            Protobuf(Otlp.Request("svc", Otlp.Span(otlpTrace, Otlp.NewSpanId(), null, "root", 0, 5)).ToByteArray()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.Equal(1, (await Host.Query.GetTraceAsync(new GetTraceRequest { TraceId = trace })).Summary.SpanCount);
        Assert.Equal(1, (await Host.Query.GetTraceAsync(new GetTraceRequest { TraceId = otlpTrace })).Summary.SpanCount);
    }

    [Fact]
    public async Task AdminKeyOnDataDoors_AndWorkspaceKeyOnAdminDoors_AreForbidden()
    {
        var read = await Host.AdminHttp.GetAsync($"/v1/traces/{NewId()}");
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        using var adminChannel = Host.OpenChannel(Host.AdminKey);
        var grpc = await Assert.ThrowsAsync<RpcException>(() =>
            new TraceQuery.TraceQueryClient(adminChannel).GetTraceAsync(new GetTraceRequest { TraceId = NewId() }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, grpc.StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await Host.Http.GetAsync("/v1/admin/workspaces")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Host.Http.GetAsync("/v1/stats/storage")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Host.Http.PostAsync("/v1/admin/index/rebuild", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.AdminHttp.GetAsync("/v1/stats/storage")).StatusCode);
    }

    private static ByteArrayContent Protobuf(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/x-protobuf");
        return content;
    }
}
