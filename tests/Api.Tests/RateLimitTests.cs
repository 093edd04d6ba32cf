using System.Net;
using System.Text.Json;
using Grpc.Core;
using TraceGrains.Api.Hosting;
using TraceGrains.Api.V1;
using static TraceGrains.Api.Tests.PortkeyLogs;
using static TraceGrains.TestSupport.Spans;

namespace TraceGrains.Api.Tests;

/// <summary>The per-workspace rate limit (1 request/s, burst 4 on this node).</summary>
[Collection(LimitsCollection.Name)]
public sealed class RateLimitTests(LimitsFixture fixture)
{
    [Fact]
    public async Task OverTheBurst_Http429WithRetryAfter_GrpcResourceExhausted_OtherWorkspacesUnaffected()
    {
        var workspace = "rl-" + NewId()[..12];
        var key = await fixture.Host.NewWorkspaceKeyAsync(workspace);
        using var counted = new MetricCapture(ApiMetrics.MeterName, ApiMetrics.LimitsExceededName, "limit", workspace);
        using var http = fixture.Host.Client(key);
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < LimitsFixture.Burst + 3; i++) answers.Add((await PostAsync(http, Log(NewId(), "s"))).Response);

        Assert.All(answers.Take(LimitsFixture.Burst), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var refused = answers.First(a => a.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("RateLimit", problem.GetProperty("field").GetString());
        Assert.Contains("TraceGrains:RateLimit", problem.GetProperty("detail").GetString());

        using var channel = fixture.Host.OpenChannel(key);
        var query = new TraceQuery.TraceQueryClient(channel);
        RpcException? exhausted = null;
        for (var i = 0; i < LimitsFixture.Burst + 3 && exhausted is null; i++)
        {
            try { await query.GetTraceSummaryAsync(new GetTraceSummaryRequest { TraceId = NewId() }); }
            catch (RpcException e) when (e.StatusCode != StatusCode.NotFound) { exhausted = e; }
            catch (RpcException) { }
        }
        Assert.Equal(StatusCode.ResourceExhausted, exhausted?.StatusCode);

        var (other, _) = await fixture.FreshClientAsync();
        using var __ = other;
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(other, Log(NewId(), "s"))).Response.StatusCode);
        Assert.True(counted["RateLimit"] >= 2, $"counted {counted["RateLimit"]}");
    }
}
