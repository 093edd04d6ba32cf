using TraceGrains.Api.Hosting;
using static TraceGrains.Api.Tests.PortkeyLogs;
using static TraceGrains.TestSupport.Spans;

namespace TraceGrains.Api.Tests.Hostile;

/// <summary>
/// The two refusal counters count different things: <c>tracegrains.requests.refused{status, field}</c>
/// every request refused for what it carries, <c>tracegrains.limits.exceeded{limit, workspace}</c> only
/// the limits hit. Malformed input is in the first alone; a field over a limit is in both.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class RefusalCountTests(HostileFixture fixture)
{
    [Fact]
    public async Task MalformedInput_CountedAsRefused_ALimitAlsoAsExceeded()
    {
        var workspace = "ws-" + NewId()[..12];
        var key = await fixture.Host.NewWorkspaceKeyAsync(workspace);
        void WithKey(HttpRequestMessage r) => r.Headers.Add("x-portkey-api-key", key);
        // requests.refused has no workspace tag and other hosts run in parallel: lower bounds only there.
        using var refused = new MetricCapture(ApiMetrics.MeterName, ApiMetrics.RequestsRefusedName, "field", null);
        using var exceeded = new MetricCapture(ApiMetrics.MeterName, ApiMetrics.LimitsExceededName, "limit", workspace);

        var malformed = await fixture.Client.PostAsync("/v1/logs", "{\"a\":"u8.ToArray(), "application/json", configure: WithKey);
        Assert.True(malformed.Status == 400, malformed.ToString());
        Assert.True(refused["body"] >= 1, "malformed JSON is counted as refused, field body");
        Assert.Equal(0, exceeded["MaxIdLength"]);

        var longId = await fixture.Client.PostAsync("/v1/logs",
            System.Text.Encoding.UTF8.GetBytes(Log(new string('a', 10_000), "s").ToJsonString()), "application/json", configure: WithKey);
        Assert.True(longId.Status == 400, longId.ToString());
        Assert.Contains("MaxIdLength", longId.Problem);
        Assert.True(refused["metadata"] >= 1, "an id over the limit is counted as refused, field metadata");
        Assert.Equal(1, exceeded["MaxIdLength"]);
    }
}
