using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TraceGrains.Api.V1;
using TraceGrains.TestSupport;
using static TraceGrains.Api.Tests.PortkeyLogs;
using static TraceGrains.TestSupport.Spans;

namespace TraceGrains.Api.Tests;

public sealed class RestartTests
{
    [Fact]
    public async Task StopAndStartTheNode_TraceComesBackFromStorageIdentical()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        var trace = NewId();
        GetTraceResponse before;
        await using (var first = await ApiHost.StartAsync(azurite, "restart"))
        {
            var logs = new JsonArray(Enumerable.Range(0, 40)
                .Select(i => (JsonNode)Log(trace, $"s{i}", parentSpanId: i == 0 ? null : $"s{(i - 1) / 3}", cost: "0.0125", promptTokens: i))
                .ToArray());
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(first.Http, logs)).Response.StatusCode);
            var feedback = await first.Http.PostAsJsonAsync("/v1/feedback", new { trace_id = trace, value = 7, weight = 0.25 });
            Assert.Equal(HttpStatusCode.OK, feedback.StatusCode);
            before = await first.Query.GetTraceAsync(new GetTraceRequest { TraceId = trace });
        }

        await using var second = await ApiHost.StartAsync(azurite, "restart");
        var after = await second.Query.GetTraceAsync(new GetTraceRequest { TraceId = trace });

        Assert.Equal(40, after.Summary.SpanCount);
        Assert.Equal(0.5, after.Summary.TotalCostUsd, 9);
        Assert.Equal(7, after.Summary.FeedbackScore);
        Assert.Equal(before, after);
    }
}
