using System.Text.Json.Nodes;
using static TraceGrains.Api.Tests.Hostile.Nasty;

namespace TraceGrains.Api.Tests.Hostile;

/// <summary>Nasty bodies for <c>POST /v1/feedback</c> and <c>PUT /v1/feedback/{id}</c>.</summary>
[Collection(HostileCollection.Name)]
public sealed class FeedbackCorpusTests(HostileFixture fixture)
{
    private const string TraceToken = "@@TRACE@@";

    private static readonly HostileCase[] All =
    [
        HostileCase.Json("deep-arrays-10000", () => Nested(10_000), "body"),
        HostileCase.Json("deep-metadata-10000", () => "{\"trace_id\":\"" + TraceToken + "\",\"value\":1,\"metadata\":" + NestedObjects(10_000) + "}", "body"),
        HostileCase.Json("value-1e400", () => "{\"trace_id\":\"" + TraceToken + "\",\"value\":1e400}", "value"),
        HostileCase.Json("value-2^64+1", () => "{\"trace_id\":\"" + TraceToken + "\",\"value\":18446744073709551617}", "value"),
        HostileCase.Json("value-11", () => "{\"trace_id\":\"" + TraceToken + "\",\"value\":11}", "value"),
        HostileCase.Json("value-NaN-literal", () => "{\"trace_id\":\"" + TraceToken + "\",\"value\":NaN}", "body"),
        HostileCase.Json("value-NaN-string", () => "{\"trace_id\":\"" + TraceToken + "\",\"value\":\"NaN\"}", "value"),
        HostileCase.Json("weight-negative", () => "{\"trace_id\":\"" + TraceToken + "\",\"value\":1,\"weight\":-1}", "weight"),
        HostileCase.Json("weight-Infinity-literal", () => "{\"trace_id\":\"" + TraceToken + "\",\"value\":1,\"weight\":Infinity}", "body"),
        HostileCase.Json("weight-1e-400", () => "{\"trace_id\":\"" + TraceToken + "\",\"value\":1,\"weight\":1e-400}", "weight", Outcome.Either),
        HostileCase.Json("trace-id-missing", () => "{\"value\":1}", "trace_id"),
        HostileCase.Json("trace-id-hostile", () => "{\"trace_id\":\"../../x\",\"value\":1}", "trace_id"),
        HostileCase.Json("trace-id-unknown", () => "{\"trace_id\":\"" + Guid.NewGuid().ToString("N") + "\",\"value\":1}", "trace_id"),
        HostileCase.Json("duplicate-keys", () => "{\"trace_id\":\"" + TraceToken + "\",\"value\":1,\"value\":99}", "value"),
        HostileCase.Json("metadata-10MB", () => "{\"trace_id\":\"" + TraceToken + "\",\"value\":1,\"metadata\":{\"a\":\"" + Big(10 * 1024 * 1024) + "\"}}", "body"),
        HostileCase.Json("metadata-1MB-value", () => "{\"trace_id\":\"" + TraceToken + "\",\"value\":1,\"metadata\":{\"a\":\"" + Big(1024 * 1024) + "\"}}", "metadata"),
        HostileCase.Json("metadata-1000-entries", () => new JsonObject { ["trace_id"] = TraceToken, ["value"] = 1, ["metadata"] = new JsonObject(Enumerable.Range(0, 1000).Select(i => KeyValuePair.Create("k" + i, (JsonNode?)JsonValue.Create("v")))) }.ToJsonString(), "metadata"),
        HostileCase.Json("metadata-value-array", () => "{\"trace_id\":\"" + TraceToken + "\",\"value\":1,\"metadata\":{\"a\":[1]}}", "metadata.a"),
        HostileCase.Json("items-over-limit", () => "[" + string.Join(',', Enumerable.Repeat("{}", 1001)) + "]", "body"),
        new("invalid-utf8", () => InvalidUtf8("{\"trace_id\":\"" + TraceToken + "\",\"value\":1,\"metadata\":{\"a\":\"", "\"}}"), "application/json", "metadata.a", Outcome.Refused),
        new("random-bytes", () => Random(2048, 21), "application/json", "body", Outcome.Refused),
    ];

    public static TheoryData<string> Cases => [.. All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Hostile_CreateFeedback_NeverServerErrorAndNamesField(string name)
    {
        var c = All.Single(x => x.Name == name);
        var trace = await NewTraceAsync();
        var body = Replace(c.Body(), TraceToken, trace);
        var answer = await fixture.Client.PostAsync("/v1/feedback", body, c.ContentType);
        c.Check(answer);
        await fixture.Client.AssertStillServesAsync(name);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Hostile_UpdateFeedback_NeverServerErrorAndNamesField(string name)
    {
        var c = All.Single(x => x.Name == name);
        var trace = await NewTraceAsync();
        var created = await fixture.Client.PostJsonAsync("/v1/feedback", "{\"trace_id\":\"" + trace + "\",\"value\":1}");
        var id = System.Text.Json.JsonDocument.Parse(created.Body).RootElement.GetProperty("feedback_ids")[0].GetString();
        var content = new ByteArrayContent(Replace(c.Body(), TraceToken, trace));
        content.Headers.ContentType = new(c.ContentType);
        var answer = await fixture.Client.SendAsync(HttpMethod.Put, $"/v1/feedback/{id}", content);
        // An update carries no trace id, and a list is not an update: those refusals name the body.
        var field = c.Field is "trace_id" || c.Name.StartsWith("items") ? "body" : c.Field;
        Assert.True(answer.Status < 500, $"{name}: {answer}");
        if (answer.Status >= 400 && c.Outcome != Outcome.Accepted) HostileAssert.NamesField(answer, field, name);
        await fixture.Client.AssertStillServesAsync(name);
    }

    [Theory]
    [InlineData("undefined", "{\"value\":1}", "id")]
    [InlineData("00000000-0000-0000-0000-000000000000", "{\"value\":1}", "id")]
    [InlineData("not-a-guid", "{\"feedback_id\":\"also-not\",\"value\":1}", "feedback_id")]
    [InlineData("%FF%FE", "{\"value\":1}", "id")]
    [InlineData("undefined", "{\"feedback_id\":12,\"value\":1}", "feedback_id")]
    public async Task Hostile_UpdateFeedbackIds_NeverServerErrorAndNameTheId(string id, string body, string field)
    {
        var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var answer = await fixture.Client.SendAsync(HttpMethod.Put, $"/v1/feedback/{id}", content);
        HostileAssert.Refused(answer, field, id);
    }

    private async Task<string> NewTraceAsync()
    {
        var trace = "fb-" + Guid.NewGuid().ToString("N");
        var answer = await fixture.Client.PostJsonAsync("/v1/logs", PortkeyLogs.Log(trace, "s1").ToJsonString());
        Assert.Equal(200, answer.Status);
        return trace;
    }

    private static byte[] Replace(byte[] body, string token, string value)
    {
        var at = body.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(token));
        return at < 0 ? body : [.. body[..at], .. System.Text.Encoding.UTF8.GetBytes(value), .. body[(at + token.Length)..]];
    }
}
