using System.Net;
using Grpc.Core;
using TraceGrains.Api.V1;
using TraceGrains.TestSupport;
using static TraceGrains.Api.Tests.PortkeyLogs;
using static TraceGrains.TestSupport.Spans;

namespace TraceGrains.Api.Tests;

public sealed class OutageTests
{
    [Fact]
    public async Task StorageDown_WritesGet503WithRetryAfter_AndNothingAcknowledgedIsLost()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var host = await ApiHost.StartAsync(azurite, "outage");
        var trace = NewId();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host.Http, Log(trace, "before"))).Response.StatusCode);

        await azurite.StopAsync();
        var (during, _) = await PostAsync(host.Http, Log(trace, "during"));
        var (otherTrace, _) = await PostAsync(host.Http, Log(NewId(), "x"));
        var read = await Assert.ThrowsAsync<RpcException>(() =>
            host.Query.GetTraceAsync(new GetTraceRequest { TraceId = NewId() }).ResponseAsync);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.NotNull(during.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, otherTrace.StatusCode);
        Assert.Equal(StatusCode.Unavailable, read.StatusCode);

        await azurite.StartAgainAsync();
        await Poll.UntilAsync(async () => (await PostAsync(host.Http, Log(trace, "after"))).Response.StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), "writes to succeed again");
        var spans = (await host.Query.GetTraceAsync(new GetTraceRequest { TraceId = trace })).Roots.Select(r => r.Span.SpanId).ToHashSet();
        Assert.Contains("before", spans);
        Assert.Contains("after", spans);
        // "during" got a 503: it may or may not be stored (at-least-once, as after a timeout), and
        // either way a retry cannot count it twice.
    }
}
