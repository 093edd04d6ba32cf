using System.Net;
using System.Text.Json.Nodes;
using TraceGrains.Api.V1;
using TraceGrains.TestSupport;
using static TraceGrains.Api.Tests.PortkeyLogs;
using static TraceGrains.TestSupport.Spans;

namespace TraceGrains.Api.Tests;

public sealed class ShutdownTests
{
    /// <summary>Host shutdown is what SIGTERM triggers: Kestrel drains, then the silo leaves.</summary>
    [Fact]
    public async Task StopWhileWritesAreInFlight_AnswersAre200Or503_AndEvery200IsInStorage()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        var first = await ApiHost.StartAsync(azurite, "shutdown");
        // A client of its own: the host's client goes away with the host.
        using var client = first.Client(first.ApiKey);
        var traces = Enumerable.Range(0, 40).Select(_ => NewId()).ToList();
        var writes = traces.Select(async trace =>
        {
            try
            {
                return (trace, (HttpStatusCode?)(await PostAsync(client, new JsonArray(Log(trace, "a"), Log(trace, "b", parentSpanId: "a")))).Response.StatusCode);
            }
            catch (HttpRequestException)
            {
                return (trace, (HttpStatusCode?)null); // refused once the node stopped listening: not acknowledged
            }
        }).ToList();
        await Task.WhenAny(writes);
        await first.DisposeAsync();
        var answers = await Task.WhenAll(writes);

        Assert.All(answers, a => Assert.True(a.Item2 is null or HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"answer {a.Item2}"));
        Assert.Contains(answers, a => a.Item2 == HttpStatusCode.OK);
        await using var second = await ApiHost.StartAsync(azurite, "shutdown");
        foreach (var (trace, _) in answers.Where(a => a.Item2 == HttpStatusCode.OK))
            Assert.Equal(2, (await second.Query.GetTraceAsync(new GetTraceRequest { TraceId = trace })).Summary.SpanCount);
    }
}
