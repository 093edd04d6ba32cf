using System.Text.Json.Nodes;
using static TraceGrains.Api.Tests.Hostile.Nasty;

namespace TraceGrains.Api.Tests.Hostile;

/// <summary>Nasty bodies for <c>POST /v1/logs</c>: never a 5xx, a refusal names its field, the node keeps serving.</summary>
[Collection(HostileCollection.Name)]
public sealed class PortkeyCorpusTests(HostileFixture fixture)
{
    private static string Id() => "h-" + Guid.NewGuid().ToString("N");

    /// <summary>A valid log of a fresh trace, changed by <paramref name="edit"/>.</summary>
    private static string Log(Action<JsonObject> edit)
    {
        var log = PortkeyLogs.Log(Id(), "s1");
        edit(log);
        return log.ToJsonString();
    }

    private static JsonObject Meta(JsonObject log) => log["metadata"]!.AsObject();
    private static JsonObject Usage(JsonObject log) => log["response"]!["body"]!["usage"]!.AsObject();

    /// <summary>The log JSON with one value spliced in as raw text (for literals JSON cannot hold).</summary>
    private static string Splice(string path, string raw) =>
        Log(l => Set(l, path, "@@RAW@@")).Replace("\"@@RAW@@\"", raw);

    private static void Set(JsonObject log, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        JsonNode node = log;
        foreach (var part in parts[..^1]) node = node[part]!;
        node[parts[^1]] = value;
    }

    private static readonly HostileCase[] All =
    [
        HostileCase.Json("deep-arrays-10000", () => Nested(10_000), "body"),
        HostileCase.Json("deep-objects-10000", () => NestedObjects(10_000), "body"),
        HostileCase.Json("deep-metadata-10000", () => Splice("metadata.deep", NestedObjects(10_000)), "body"),
        HostileCase.Json("deep-request-body-within-limit", () => Splice("request.body.messages", Nested(50, inner: "1")), "input", Outcome.Accepted),
        HostileCase.Json("tokens-1e400", () => Splice("response.body.usage.prompt_tokens", "1e400"), "prompt_tokens"),
        HostileCase.Json("tokens-2^64+1", () => Splice("response.body.usage.completion_tokens", "18446744073709551617"), "completion_tokens"),
        HostileCase.Json("tokens-negative", () => Log(l => Usage(l)["total_tokens"] = -1), "total_tokens"),
        HostileCase.Json("tokens-fraction", () => Log(l => Usage(l)["prompt_tokens"] = 1.5), "prompt_tokens"),
        HostileCase.Json("status-1e400", () => Splice("response.status", "1e400"), "status"),
        HostileCase.Json("status-as-string", () => Log(l => l["response"]!["status"] = "200"), "status"),
        HostileCase.Json("response-time-NaN-literal", () => Splice("response.response_time", "NaN"), "body"),
        HostileCase.Json("response-time-Infinity-literal", () => Splice("response.response_time", "Infinity"), "body"),
        HostileCase.Json("response-time-NaN-string", () => Log(l => l["response"]!["response_time"] = "NaN"), "response_time"),
        HostileCase.Json("response-time-negative", () => Log(l => l["response"]!["response_time"] = -5), "response_time"),
        HostileCase.Json("response-time-1e308", () => Splice("response.response_time", "1e308"), "response_time"),
        HostileCase.Json("cost-NaN", () => Log(l => Meta(l)["cost"] = "NaN"), "metadata.cost"),
        HostileCase.Json("cost-Infinity", () => Log(l => Meta(l)["cost"] = "Infinity"), "metadata.cost"),
        HostileCase.Json("cost-1e400", () => Log(l => Meta(l)["cost"] = "1e400"), "metadata.cost"),
        HostileCase.Json("cost-negative", () => Log(l => Meta(l)["cost"] = "-0.01"), "metadata.cost"),
        HostileCase.Json("end-before-start", () => Log(l => { Meta(l)["startTime"] = "2026-11-01T10:00:05Z"; Meta(l)["endTime"] = "2026-11-01T10:00:00Z"; }), "endTime"),
        HostileCase.Json("start-NaN", () => Log(l => Meta(l)["startTime"] = "NaN"), "startTime"),
        HostileCase.Json("end-year-1-with-duration", () => Log(l => Meta(l)["endTime"] = "0001-01-01T00:00:00Z"), "endTime", Outcome.Either),
        HostileCase.Json("start-year-9999", () => Log(l => { Meta(l)["startTime"] = "9999-12-31T23:59:59Z"; Meta(l)["endTime"] = "9999-12-31T23:59:59Z"; }), "startTime", Outcome.Either),
        HostileCase.Json("end-ms-1e300", () => Log(l => Meta(l)["endTime"] = "1e300"), "endTime"),
        new("invalid-utf8-in-metadata", () => InvalidUtf8("{\"metadata\":{\"traceId\":\"" + Id() + "\",\"note\":\"", "\"}}"), "application/json", "metadata.note", Outcome.Refused),
        new("invalid-utf8-in-span-name", () => InvalidUtf8("{\"metadata\":{\"traceId\":\"" + Id() + "\",\"spanName\":\"", "\"}}"), "application/json", "metadata.spanName", Outcome.Refused),
        HostileCase.Json("lone-surrogate-escape", () => "{\"metadata\":{\"traceId\":\"" + Id() + "\",\"spanName\":\"\\ud800\"}}", "metadata.spanName"),
        HostileCase.Json("duplicate-keys", () => "{\"metadata\":{\"traceId\":\"" + Id() + "\",\"traceId\":\"" + Id() + "\",\"spanId\":\"a\"},\"metadata\":{\"spanId\":\"b\"}}", "metadata.traceId"),
        // The text check proves most bodies clean without naming paths; these take its other turns.
        HostileCase.Json("duplicate-keys-one-escaped", () => "{\"metadata\":{\"traceId\":\"" + Id() + "\",\"note\":\"a\",\"\\u006eote\":\"b\"}}", "metadata.note"),
        HostileCase.Json("duplicate-keys-in-20-key-object", () => "{\"metadata\":{\"traceId\":\"" + Id() + "\","
            + string.Concat(Enumerable.Range(0, 18).Select(i => $"\"k{i}\":\"v\",")) + "\"k3\":\"again\"}}", "metadata.k3"),
        HostileCase.Json("lone-surrogate-in-escaped-key", () => "{\"metadata\":{\"traceId\":\"" + Id() + "\",\"a\\ud800\":\"v\"}}", "metadata"),
        HostileCase.Json("string-10MB-in-metadata", () => Log(l => Meta(l)["note"] = Big(10 * 1024 * 1024)), "body"),
        HostileCase.Json("string-1MB-in-metadata", () => Log(l => Meta(l)["note"] = Big(1024 * 1024)), "metadata.note"),
        HostileCase.Json("string-1MB-span-name", () => Log(l => Meta(l)["spanName"] = Big(1024 * 1024)), "name"),
        HostileCase.Json("string-1MB-model", () => Log(l => l["request"]!["body"]!["model"] = Big(1024 * 1024)), "model"),
        HostileCase.Json("string-1MB-metadata-key", () => Log(l => Meta(l)[Big(1024 * 1024)] = "v"), "metadata"),
        HostileCase.Json("string-1MB-key-of-object-value", () => Log(l => Meta(l)[Big(1024 * 1024)] = new JsonObject()), "metadata.xxx"),
        HostileCase.Json("string-1MB-provider", () => Log(l => l["request"]!["provider"] = Big(1024 * 1024)), "provider"),
        HostileCase.Json("string-1MB-error-message", () => Log(l => { l["response"]!["status"] = 500; l["response"]!["body"] = new JsonObject { ["error"] = Big(1024 * 1024) }; }), "statusMessage"),
        HostileCase.Json("metadata-1000-entries", () => Log(l => { for (var i = 0; i < 1000; i++) Meta(l)["k" + i] = "v"; }), "metadata"),
        HostileCase.Json("metadata-value-object", () => Log(l => Meta(l)["nested"] = new JsonObject { ["a"] = 1 }), "metadata.nested"),
        HostileCase.Json("metadata-not-object", () => Log(l => l["metadata"] = new JsonArray(1, 2)), "metadata"),
        HostileCase.Json("trace-id-129-chars", () => Log(l => Meta(l)["traceId"] = new string('a', 129)), "metadata.traceId"),
        HostileCase.Json("trace-id-path-traversal", () => Log(l => Meta(l)["traceId"] = "../../etc/passwd"), "metadata.traceId"),
        HostileCase.Json("trace-id-nul", () => Log(l => Meta(l)["traceId"] = "a\0b"), "metadata.traceId"),
        HostileCase.Json("span-id-empty", () => Log(l => Meta(l)["spanId"] = ""), "metadata.spanId"),
        HostileCase.Json("parent-is-self", () => Log(l => Meta(l)["parentSpanId"] = "s1"), "parentSpanId"),
        HostileCase.Json("items-over-limit", () => new JsonArray([.. Enumerable.Range(0, 1001).Select(_ => (JsonNode)new JsonObject())]).ToJsonString(), "body"),
        HostileCase.Json("items-empty-array", () => "[]", "body"),
        HostileCase.Json("items-not-objects", () => "[1,\"x\",null]", "[0]"),
        HostileCase.Json("indexed-object-of-junk", () => "{\"0\":1,\"1\":2}", "[0]"),
        HostileCase.Json("null-body", () => "null", "body"),
        HostileCase.Json("empty-body", () => "", "body"),
        HostileCase.Json("number-body", () => "1e400", "body"),
        HostileCase.Json("truncated", () => Log(_ => { })[..40], "body"),
        HostileCase.Json("trailing-garbage", () => Log(_ => { }) + "}}}", "body"),
        HostileCase.Json("request-url-10k-path", () => Log(l => l["request"]!["url"] = "https://x/" + string.Join('/', Enumerable.Repeat("a", 5000))), "url", Outcome.Either),
        new("random-bytes-json", () => Random(4096, 1), "application/json", "body", Outcome.Refused),
        new("random-bytes-text", () => Random(4096, 2), "text/plain", "Content-Type", Outcome.Refused),
        new("random-bytes-protobuf", () => Random(4096, 3), "application/x-protobuf", "Content-Type", Outcome.Refused),
        new("gzip-encoded-json", () => Gzip(System.Text.Encoding.UTF8.GetBytes(Log(_ => { }))), "application/json", "Content-Encoding", Outcome.Refused, "gzip"),
    ];

    public static TheoryData<string> Cases => [.. All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Hostile_Logs_NeverServerErrorAndNamesField(string name)
    {
        var c = All.Single(x => x.Name == name);
        var answer = await fixture.Client.PostAsync("/v1/logs", c.Body(), c.ContentType, c.Encoding);
        c.Check(answer);
        await fixture.Client.AssertStillServesAsync(name);
    }

    [Theory]
    [InlineData("x-portkey-trace-id", "../../x")]
    [InlineData("x-portkey-span-id", "a b")]
    [InlineData("x-portkey-parent-span-id", "a b c")]
    [InlineData("traceparent", "00-zzzz-zzzz-01")]
    [InlineData("x-portkey-span-name", "a")]
    public async Task Hostile_LogHeaders_NeverServerErrorAndNamesHeader(string header, string value)
    {
        var log = PortkeyLogs.Log(user: null);
        log["metadata"] = new JsonObject();
        var answer = await fixture.Client.PostAsync("/v1/logs", System.Text.Encoding.UTF8.GetBytes(log.ToJsonString()), "application/json",
            configure: r => r.Headers.TryAddWithoutValidation(header, value));
        HostileAssert.NamesField(answer, header, header);
        await fixture.Client.AssertStillServesAsync(header);
    }
}
