using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TraceGrains.Api.Tests;

/// <summary>Portkey-shaped Insert Log payloads, as the SDK and gateway send them.</summary>
public static class PortkeyLogs
{
    public static JsonObject Log(
        string? traceId = null, string? spanId = null, string? parentSpanId = null, string? spanName = null,
        string model = "gpt-4o-mini", int status = 200, int promptTokens = 12, int completionTokens = 30,
        double responseTimeMs = 420, string? cost = null, string? user = "user-1")
    {
        var metadata = new JsonObject();
        if (traceId is not null) metadata["traceId"] = traceId;
        if (spanId is not null) metadata["spanId"] = spanId;
        if (parentSpanId is not null) metadata["parentSpanId"] = parentSpanId;
        if (spanName is not null) metadata["spanName"] = spanName;
        if (cost is not null) metadata["cost"] = cost;
        if (user is not null) metadata["_user"] = user;
        JsonNode responseBody = status >= 400
            ? new JsonObject { ["error"] = new JsonObject { ["message"] = "rate limited upstream" } }
            : new JsonObject
            {
                ["id"] = "chatcmpl-1",
                ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject { ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = "Hello!" } }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = promptTokens, ["completion_tokens"] = completionTokens, ["total_tokens"] = promptTokens + completionTokens },
            };
        return new JsonObject
        {
            ["request"] = new JsonObject
            {
                ["url"] = "https://api.openai.com/v1/chat/completions",
                ["method"] = "POST",
                ["provider"] = "openai",
                ["headers"] = new JsonObject { ["content-type"] = "application/json" },
                ["body"] = new JsonObject
                {
                    ["model"] = model,
                    ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Say hello" }),
                },
            },
            ["response"] = new JsonObject
            {
                ["status"] = status,
                ["headers"] = new JsonObject(),
                ["body"] = responseBody,
                ["response_time"] = responseTimeMs,
            },
            ["metadata"] = metadata,
        };
    }

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(HttpClient http, JsonNode body, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/logs") { Content = JsonContent.Create(body) };
        configure?.Invoke(request);
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
