using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using TraceGrains.Api.Hosting;
using static TraceGrains.Api.Tests.PortkeyLogs;
using static TraceGrains.TestSupport.Spans;

namespace TraceGrains.Api.Tests;

/// <summary>Limits set small on their own node: each refused with a 4xx naming field and setting, and counted.</summary>
[Collection(LimitsCollection.Name)]
public sealed class LimitsTests(LimitsFixture fixture)
{
    [Fact]
    public async Task IdLongerThanMaxIdLength_Or_WithBadCharacters_400NamingTheField_Counted()
    {
        var (http, workspace) = await fixture.FreshClientAsync();
        using var _ = http;
        using var counted = new MetricCapture(ApiMetrics.MeterName, ApiMetrics.LimitsExceededName, "limit", workspace);

        var (tooLong, body) = await PostAsync(http, Log(new string('a', 41), "s"));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal("metadata.traceId", body.GetProperty("field").GetString());
        Assert.Contains("MaxIdLength", body.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, Log(new string('a', 40), "s"))).Response.StatusCode);
        var (badChars, badBody) = await PostAsync(http, Log("trace with spaces", "s"));
        Assert.Equal(HttpStatusCode.BadRequest, badChars.StatusCode);
        Assert.Equal("metadata.traceId", badBody.GetProperty("field").GetString());

        Assert.Equal(1, counted["MaxIdLength"]);
        Assert.Equal(1, counted["IdCharacters"]);
    }

    [Fact]
    public async Task ItemsBodyAndFeedbackMetadataOverTheirLimits_4xxNamingTheField_Counted()
    {
        var (http, workspace) = await fixture.FreshClientAsync();
        using var _ = http;
        using var counted = new MetricCapture(ApiMetrics.MeterName, ApiMetrics.LimitsExceededName, "limit", workspace);
        var trace = NewId();

        var (items, itemsBody) = await PostAsync(http, new JsonArray(Log(trace, "a"), Log(trace, "b"), Log(trace, "c")));
        Assert.Equal(HttpStatusCode.BadRequest, items.StatusCode);
        Assert.Contains("MaxItemsPerRequest", itemsBody.GetProperty("detail").GetString());

        var big = Log(trace, "big");
        big["metadata"]!["note"] = new string('x', 70 * 1024);
        var (tooBig, _) = await PostAsync(http, big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, Log(trace, "root"))).Response.StatusCode);
        var feedback = await http.PostAsJsonAsync("/v1/feedback",
            new { trace_id = trace, value = 1, metadata = new { a = "1", b = "2", c = "3", d = "4" } });
        Assert.Equal(HttpStatusCode.BadRequest, feedback.StatusCode);
        var problem = await feedback.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("metadata", problem.GetProperty("field").GetString());
        Assert.Contains("MaxMetadataEntries", problem.GetProperty("detail").GetString());

        Assert.Equal(1, counted["MaxItemsPerRequest"]);
        Assert.Equal(1, counted["MaxRequestBodyBytes"]);
        Assert.Equal(1, counted["MaxMetadataEntries"]);
    }

    [Fact]
    public async Task FeedbackOverMaxFeedbackPerTrace_400_CountedByTheGrain()
    {
        var (http, workspace) = await fixture.FreshClientAsync();
        using var _ = http;
        using var counted = new MetricCapture("TraceGrains.Ingest", "tracegrains.feedback.rejected", "reason", workspace);
        var trace = NewId();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, Log(trace, "root"))).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/v1/feedback", new { trace_id = trace, value = 1 })).StatusCode);

        var second = await http.PostAsJsonAsync("/v1/feedback", new { trace_id = trace, value = 2 });

        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Contains("MaxFeedbackPerTrace", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(1, counted["MaxFeedbackPerTrace"]);
    }
}
