using Grpc.Core;
using TraceGrains.Api.V1;
using TraceGrains.TestSupport;
using static TraceGrains.Api.Tests.PortkeyLogs;
using static TraceGrains.TestSupport.Spans;

namespace TraceGrains.Api.Tests;

public sealed class WatchTraceTests
{
    [Fact]
    public async Task WatchTrace_SendsTheTraceThenANewSpanWithinASecond_AndEndsWhenQuiet()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var host = await ApiHost.StartAsync(azurite, "watch", new Dictionary<string, string?> { ["TraceGrains:Query:WatchQuietSeconds"] = "3" });
        var trace = NewId();
        await PostAsync(host.Http, Log(trace, "root", spanName: "agent", cost: "0"));

        using var call = host.Query.WatchTrace(new WatchTraceRequest { TraceId = trace });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var first = call.ResponseStream.Current;
        Assert.True(first.Full);
        Assert.Equal(["root"], first.Spans.Select(s => s.SpanId));

        await PostAsync(host.Http, Log(trace, "child", parentSpanId: "root", cost: "0.25"));
        using (var withinASecond = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
        {
            Assert.True(await call.ResponseStream.MoveNext(withinASecond.Token));
        }
        var update = call.ResponseStream.Current;
        Assert.False(update.Full);
        Assert.Equal("child", Assert.Single(update.Spans).SpanId);
        Assert.Equal((2, 0.25), (update.Summary.SpanCount, update.Summary.TotalCostUsd));

        // Quiet for the configured 3 s: the server ends the stream by itself.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Assert.False(await call.ResponseStream.MoveNext(deadline.Token));
    }

    [Fact]
    public async Task WatchTrace_UnknownTrace_IsNotFound()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var host = await ApiHost.StartAsync(azurite, "watch");
        using var call = host.Query.WatchTrace(new WatchTraceRequest { TraceId = NewId() });
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }
}
