using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using TraceGrains.Api.V1;
using static TraceGrains.Api.Tests.PortkeyLogs;
using static TraceGrains.TestSupport.Spans;

namespace TraceGrains.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class FeedbackTests(ApiFixture fixture)
{
    private HttpClient Http => fixture.Host.Http;

    private async Task<string> NewTraceAsync()
    {
        var trace = NewId();
        var (response, _) = await PostAsync(Http, Log(trace, "root"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return trace;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, JsonNode body)
    {
        var response = await Http.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) });
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private async Task<V1.TraceSummary> SummaryAsync(string trace) =>
        (await fixture.Host.Query.GetTraceAsync(new GetTraceRequest { TraceId = trace })).Summary;

    [Fact]
    public async Task CreateFeedback_ThenUpdate_SummaryCarriesWeightedMean()
    {
        var trace = await NewTraceAsync();

        var (status, body) = await SendAsync(HttpMethod.Post, "/v1/feedback",
            new JsonObject { ["trace_id"] = trace, ["value"] = 8, ["weight"] = 1, ["metadata"] = new JsonObject { ["user"] = "u1" } });
        var (_, second) = await SendAsync(HttpMethod.Post, "/v1/feedback", new JsonObject { ["traceID"] = trace, ["value"] = -4, ["weight"] = 0.5 });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("success", body.GetProperty("status").GetString());
        var id = Guid.Parse(body.GetProperty("feedback_ids")[0].GetString()!);
        Assert.Equal(2, (await SummaryAsync(trace)).FeedbackCount);
        Assert.Equal((8 - 2) / 1.5, (await SummaryAsync(trace)).FeedbackScore, 9);

        var (updated, updateBody) = await SendAsync(HttpMethod.Put, $"/v1/feedback/{id}", new JsonObject { ["value"] = 2 });

        Assert.Equal(HttpStatusCode.OK, updated);
        Assert.Equal(id.ToString(), updateBody.GetProperty("feedback_ids")[0].GetString());
        Assert.Equal((2 - 2) / 1.5, (await SummaryAsync(trace)).FeedbackScore, 9);
        Assert.Equal(1, second.GetProperty("feedback_ids").GetArrayLength());
    }

    [Fact]
    public async Task UpdateFeedback_SdkShapes_IdInBodyOrUndefinedPath()
    {
        var trace = await NewTraceAsync();
        var (_, created) = await SendAsync(HttpMethod.Post, "/v1/feedback", new JsonObject { ["trace_id"] = trace, ["value"] = 1 });
        var id = created.GetProperty("feedback_ids")[0].GetString()!;

        var (sameId, _) = await SendAsync(HttpMethod.Put, $"/v1/feedback/{id}", new JsonObject { ["feedback_id"] = id, ["value"] = 3, ["weight"] = 0.5 });
        var (undefinedPath, _) = await SendAsync(HttpMethod.Put, "/v1/feedback/undefined", new JsonObject { ["feedback_id"] = id, ["value"] = 9 });
        var (conflict, problem) = await SendAsync(HttpMethod.Put, $"/v1/feedback/{id}", new JsonObject { ["feedback_id"] = Guid.NewGuid(), ["value"] = 9 });

        Assert.Equal(HttpStatusCode.OK, sameId);
        Assert.Equal(HttpStatusCode.OK, undefinedPath);
        Assert.Equal(HttpStatusCode.BadRequest, conflict);
        Assert.Equal("feedback_id", problem.GetProperty("field").GetString());
        Assert.Equal(9, (await SummaryAsync(trace)).FeedbackScore);
    }

    [Fact]
    public async Task CreateFeedback_ArrayAndSdkIndexedObject_SaveEveryItem()
    {
        var trace = await NewTraceAsync();
        var (arrayStatus, array) = await SendAsync(HttpMethod.Post, "/v1/feedback", new JsonArray(
            new JsonObject { ["trace_id"] = trace, ["value"] = 10 }, new JsonObject { ["trace_id"] = trace, ["value"] = 0 }));
        var (indexedStatus, indexed) = await SendAsync(HttpMethod.Post, "/v1/feedback", new JsonObject
        {
            ["0"] = new JsonObject { ["traceID"] = trace, ["value"] = 5 },
            ["1"] = new JsonObject { ["traceID"] = trace, ["value"] = 5 },
        });

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (arrayStatus, indexedStatus));
        Assert.Equal(2, array.GetProperty("feedback_ids").GetArrayLength());
        Assert.Equal(2, indexed.GetProperty("feedback_ids").GetArrayLength());
        var summary = await SummaryAsync(trace);
        Assert.Equal(4, summary.FeedbackCount);
        Assert.Equal(5, summary.FeedbackScore);
    }

    [Fact]
    public async Task Feedback_UnknownTraceOrId_Is404()
    {
        var (unknownTrace, _) = await SendAsync(HttpMethod.Post, "/v1/feedback", new JsonObject { ["trace_id"] = NewId(), ["value"] = 1 });
        var (unknownId, _) = await SendAsync(HttpMethod.Put, $"/v1/feedback/{Guid.NewGuid()}", new JsonObject { ["value"] = 1 });

        Assert.Equal(HttpStatusCode.NotFound, unknownTrace);
        Assert.Equal(HttpStatusCode.NotFound, unknownId);
    }

    [Theory]
    [InlineData("{\"trace_id\":\"T\",\"value\":11}", "value")]
    [InlineData("{\"trace_id\":\"T\",\"value\":1.5}", "value")]
    [InlineData("{\"trace_id\":\"T\",\"value\":\"5\"}", "value")]
    [InlineData("{\"trace_id\":\"T\"}", "value")]
    [InlineData("{\"trace_id\":\"T\",\"value\":1,\"weight\":2}", "weight")]
    [InlineData("{\"value\":1}", "trace_id")]
    [InlineData("{\"trace_id\":\"T\",\"value\":1,\"metadata\":[1]}", "metadata")]
    public async Task CreateFeedback_BadInput_Is400NamingTheField(string body, string field)
    {
        var trace = await NewTraceAsync();
        var (status, problem) = await SendAsync(HttpMethod.Post, "/v1/feedback", JsonNode.Parse(body.Replace("\"T\"", $"\"{trace}\""))!);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(0, (await SummaryAsync(trace)).FeedbackCount);
    }
}
