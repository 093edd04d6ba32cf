using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TraceGrains.Api.V1;
using static TraceGrains.Api.Tests.PortkeyLogs;
using static TraceGrains.TestSupport.Spans;

namespace TraceGrains.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class LogsTests(ApiFixture fixture)
{
    private HttpClient Http => fixture.Host.Http;

    private Task<GetTraceResponse> GetTrace(string traceId) =>
        fixture.Host.Query.GetTraceAsync(new GetTraceRequest { TraceId = traceId }).ResponseAsync;

    [Fact]
    public async Task InsertLogs_ArrayFormingATree_GetTraceReturnsTreeAndTotals()
    {
        var trace = NewId();
        var body = new JsonArray(
            Log(trace, "agent", spanName: "agent", promptTokens: 100, completionTokens: 20, cost: "0.01", responseTimeMs: 2000),
            Log(trace, "tool", parentSpanId: "agent", spanName: "search", model: "gpt-4o", promptTokens: 50, completionTokens: 5, cost: "0.002", responseTimeMs: 300),
            Log(trace, "answer", parentSpanId: "tool", spanName: "answer", status: 429, cost: "0", responseTimeMs: 100));

        var (response, json) = await PostAsync(Http, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(trace, response.Headers.GetValues("x-portkey-trace-id").Single());
        Assert.Equal("success", json.GetProperty("status").GetString());
        Assert.All(json.GetProperty("results").EnumerateArray(), r => Assert.True(r.GetProperty("accepted").GetBoolean()));

        var trace1 = await GetTrace(trace);
        var s = trace1.Summary;
        Assert.Equal((3, 1), (s.SpanCount, s.ErrorCount));
        Assert.Equal(0.012, s.TotalCostUsd, 9);
        Assert.Equal((150L, 25L, 175L), (s.InputTokens, s.OutputTokens, s.TotalTokens));
        Assert.Equal(["gpt-4o", "gpt-4o-mini"], s.Models);
        Assert.Equal("agent", s.RootName);
        var root = Assert.Single(trace1.Roots);
        Assert.Equal("agent", root.Span.SpanId);
        Assert.Equal(3, root.Subtree.SpanCount);
        var tool = Assert.Single(root.Children);
        Assert.Equal(("search", "gpt-4o", "openai"), (tool.Span.Name, tool.Span.Model, tool.Span.Provider));
        var answer = Assert.Single(tool.Children);
        Assert.Equal(V1.SpanStatus.Error, answer.Span.Status);
        Assert.Equal("rate limited upstream", answer.Span.StatusMessage);
        Assert.Equal("user-1", root.Span.Metadata["user"]); // Portkey's _user, under the common name
        Assert.Contains("Say hello", root.Span.Attributes["input"]);
        Assert.Empty(trace1.Orphans);
    }

    [Fact]
    public async Task InsertLogs_TraceFieldsFromPortkeyHeaders()
    {
        var trace = NewId();
        await PostAsync(Http, Log(spanId: "parent"), r => r.Headers.Add("x-portkey-trace-id", trace));
        var (response, _) = await PostAsync(Http, Log(), r =>
        {
            r.Headers.Add("x-portkey-trace-id", trace);
            r.Headers.Add("x-portkey-span-id", "child");
            r.Headers.Add("x-portkey-span-name", "from-header");
            r.Headers.Add("x-portkey-parent-span-id", "parent");
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var child = Assert.Single(Assert.Single((await GetTrace(trace)).Roots).Children);
        Assert.Equal(("child", "from-header"), (child.Span.SpanId, child.Span.Name));
    }

    [Fact]
    public async Task InsertLogs_TraceparentAndSnakeCaseMetadata()
    {
        var traceHex = NewId();
        var log = Log(user: null);
        log["metadata"] = new JsonObject { ["span_id"] = "s-1", ["span_name"] = "snake" };

        var (response, json) = await PostAsync(Http, log, r => r.Headers.Add("traceparent", $"00-{traceHex}-00f067aa0ba902b7-01"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = json.GetProperty("results")[0];
        Assert.Equal(traceHex, result.GetProperty("trace_id").GetString());
        var trace = await GetTrace(traceHex);
        var orphan = Assert.Single(trace.Orphans);
        Assert.Equal(("s-1", "snake", "00f067aa0ba902b7"), (orphan.Span.SpanId, orphan.Span.Name, orphan.Span.ParentSpanId));
    }

    [Fact]
    public async Task InsertLogs_WithoutIds_SameLogTwiceIsOneSpan()
    {
        var log = Log(user: NewId()); // unique content
        var (_, first) = await PostAsync(Http, log);
        var (_, second) = await PostAsync(Http, log);

        var a = first.GetProperty("results")[0];
        var b = second.GetProperty("results")[0];
        Assert.Equal(a.GetProperty("trace_id").GetString(), b.GetProperty("trace_id").GetString());
        Assert.Equal(a.GetProperty("span_id").GetString(), b.GetProperty("span_id").GetString());
        var trace = await GetTrace(a.GetProperty("trace_id").GetString()!);
        Assert.Equal(1, trace.Summary.SpanCount);
        Assert.Equal(42, trace.Summary.TotalTokens);
    }

    [Fact]
    public async Task InsertLogs_TimesFromMetadataOrResponseTime()
    {
        var trace = NewId();
        var timed = Log(trace, "timed");
        timed["metadata"]!["startTime"] = "2026-11-01T10:00:00Z";
        timed["metadata"]!["endTime"] = "2026-11-01T10:00:02.5Z";
        await PostAsync(Http, new JsonArray(timed, Log(trace, "measured", responseTimeMs: 750)));

        var spans = (await GetTrace(trace)).Roots.ToDictionary(n => n.Span.SpanId, n => n.Span);
        Assert.Equal(2500, spans["timed"].DurationMs);
        Assert.Equal(750, spans["measured"].DurationMs, 3);
    }

    [Fact]
    public async Task InsertLogs_SpanClosingACycle_IsRefusedAndTheRestStored()
    {
        var trace = NewId();
        var (response, json) = await PostAsync(Http, new JsonArray(
            Log(trace, "a", parentSpanId: "b"), Log(trace, "b", parentSpanId: "a"), Log(trace, "c")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("partial", json.GetProperty("status").GetString());
        var results = json.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([true, false, true], results.Select(r => r.GetProperty("accepted").GetBoolean()));
        Assert.Contains("cycle", results[1].GetProperty("error").GetString());
        Assert.Equal(2, (await GetTrace(trace)).Summary.SpanCount);
    }

    [Theory]
    [InlineData("{\"request\": ", "body")]
    [InlineData("[1, 2]", "[0]")]
    [InlineData("{\"response\": {\"status\": \"ok\"}}", "response.status")]
    [InlineData("{\"response\": {\"response_time\": -5}}", "response.response_time")]
    [InlineData("{\"response\": {\"body\": {\"usage\": {\"prompt_tokens\": 1.5}}}}", "response.body.usage.prompt_tokens")]
    [InlineData("{\"metadata\": {\"traceId\": \"has space\"}}", "metadata.traceId")]
    [InlineData("{\"metadata\": {\"cost\": \"NaN\"}}", "metadata.cost")]
    [InlineData("{\"metadata\": {\"nested\": {\"a\": 1}}}", "metadata.nested")]
    [InlineData("{\"metadata\": {\"startTime\": \"2026-01-01T00:00:05Z\", \"endTime\": \"2026-01-01T00:00:01Z\"}}", "metadata.endTime")]
    [InlineData("[]", "body")]
    public async Task InsertLogs_BadInput_Is400NamingTheField(string body, string field)
    {
        var response = await Http.PostAsync("/v1/logs", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.StartsWith(field + ":", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task InsertLogs_BodyOverTheLimit_Is413AndNodeKeepsServing()
    {
        var huge = new StringContent("[" + string.Join(",", Enumerable.Repeat("{\"metadata\":{}}", 100_000)) + "]", Encoding.UTF8, "application/json");
        // As curl does for large bodies: wait for the server's go-ahead, so a refusal is read, not a reset.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/logs") { Content = huge };
        request.Headers.ExpectContinue = true;
        var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("body", await response.Content.ReadAsStringAsync());
        var (after, _) = await PostAsync(Http, Log(NewId(), "ok"));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task InsertLogs_NotJson_Is415()
    {
        var response = await Http.PostAsync("/v1/logs", new StringContent("trace=1", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task InsertLogs_AttributeOverTheLimit_IsRefusedByName()
    {
        var trace = NewId();
        var log = Log(trace, "big");
        log["request"]!["body"]!["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = new string('x', 70_000) });

        var (response, json) = await PostAsync(Http, log);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = json.GetProperty("results")[0];
        Assert.False(result.GetProperty("accepted").GetBoolean());
        Assert.StartsWith("attributes.input:", result.GetProperty("error").GetString());
    }
}
