using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using TraceGrains.Api.Errors;
using TraceGrains.Api.V1;
using TraceGrains.TestSupport;
using static TraceGrains.Api.Tests.PortkeyLogs;
using static TraceGrains.TestSupport.Spans;

namespace TraceGrains.Api.Tests;

public sealed class OverloadTests
{
    [Fact]
    public async Task ManyConcurrentWrites_PastTheInFlightLimit_Get429WithRetryAfter_AndEvery200IsStored()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var host = await ApiHost.StartAsync(azurite, "overload", new Dictionary<string, string?>
        {
            ["TraceGrains:Api:MaxConcurrentTraceWrites"] = "1",
            ["TraceGrains:Api:MaxQueueWaitMs"] = "0",
        });
        var traces = Enumerable.Range(0, 60).Select(_ => NewId()).ToList();

        var answers = await Task.WhenAll(traces.Select(async trace =>
            (trace, (await PostAsync(host.Http, new JsonArray(Log(trace, "a"), Log(trace, "b", parentSpanId: "a")))).Response)));

        Assert.All(answers, a => Assert.Contains(a.Response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        var refused = answers.Where(a => a.Response.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, a => Assert.NotNull(a.Response.Headers.RetryAfter));
        foreach (var (trace, _) in answers.Where(a => a.Response.StatusCode == HttpStatusCode.OK))
            Assert.Equal(2, (await host.Query.GetTraceAsync(new GetTraceRequest { TraceId = trace })).Summary.SpanCount);
    }

    [Fact]
    public void TransientFailures_StorageTimeoutsAndClusterErrors_AreTransient_BugsAreNot()
    {
        var storageTimeout = new AggregateException("Retry failed after 2 tries.", new TaskCanceledException("timeout", new IOException("read", new SocketException(125))));
        Assert.True(TransientFailures.IsTransient(storageTimeout));
        Assert.True(TransientFailures.IsTransient(new TraceStoreUnavailableException("down")));
        Assert.True(TransientFailures.IsTransient(new Orleans.Runtime.SiloUnavailableException()));
        Assert.True(TransientFailures.IsTransient(new InvalidOperationException("wrapper", new TimeoutException())));
        Assert.False(TransientFailures.IsTransient(new NullReferenceException()));
        Assert.False(TransientFailures.IsTransient(new AggregateException(new ArgumentException("bug"))));
    }
}
