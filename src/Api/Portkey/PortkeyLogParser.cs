using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

using TraceGrains.Api.Errors;

namespace TraceGrains.Api.Portkey;

/// <summary>
/// Maps one Portkey Insert Log object to a span. Trace fields come from metadata (camelCase or
/// snake_case), then the trace headers, then traceparent; missing ids are derived from a hash of the
/// log, so the SDK's blind retry of the same log lands on the same span instead of adding one.
/// </summary>
internal static class PortkeyLogParser
{
    private static readonly string[] ControlKeys =
    [
        "traceId", "trace_id", "spanId", "span_id", "spanName", "span_name", "parentSpanId", "parent_span_id",
        "startTime", "start_time", "endTime", "end_time", "cost", "cost_usd", "costUsd",
    ];

    /// <summary>Portkey's reserved metadata keys, stored under the names every door uses.</summary>
    private static readonly (string From, string To)[] CanonicalKeys =
    [
        ("_user", "user"), ("_environment", "environment"), ("_organisation", "organisation"),
        ("_organization", "organisation"), ("_prompt", "prompt"),
    ];

    public static SpanRecord Parse(JsonElement log, string path, TraceHeaders headers, DateTimeOffset now, int maxIdLength = IdRules.MaxIdLength)
    {
        string? CheckId(string? id, string field) => Limits.IdCheck.Optional(id, field, maxIdLength);
        if (log.ValueKind != JsonValueKind.Object) throw new FieldException(path, "must be a JSON object");
        var request = Json.OptionalObject(log, path, "request");
        var response = Json.OptionalObject(log, path, "response");
        var metaPath = Json.Join(path, "metadata");
        var metadataJson = Json.OptionalObject(log, path, "metadata");
        var metadata = Json.StringMap(metadataJson, metaPath);

        string? Meta(params string[] keys) => keys.Select(k => metadata.GetValueOrDefault(k)).FirstOrDefault(v => v is not null);

        var hash = new Lazy<string>(() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(log.GetRawText()))));
        var traceId = CheckId(Meta("traceId", "trace_id"), $"{metaPath}.traceId")
            ?? CheckId(headers.TraceId, TraceHeaders.TraceIdHeader)
            ?? hash.Value[..32];
        var spanId = CheckId(Meta("spanId", "span_id"), $"{metaPath}.spanId")
            ?? CheckId(headers.SpanId, TraceHeaders.SpanIdHeader)
            ?? hash.Value[32..48];
        var parentId = CheckId(Meta("parentSpanId", "parent_span_id"), $"{metaPath}.parentSpanId")
            ?? CheckId(headers.ParentSpanId, TraceHeaders.ParentSpanIdHeader);

        var reqPath = Json.Join(path, "request");
        var respPath = Json.Join(path, "response");
        var requestBody = request is { } rq ? Json.Optional(rq, reqPath, "body") : null;
        var responseBody = response is { } rs ? Json.Optional(rs, respPath, "body") : null;
        var url = request is { } r1 ? Json.OptionalString(r1, reqPath, "url") : null;
        var method = request is { } r2 ? Json.OptionalString(r2, reqPath, "method") : null;
        var provider = request is { } r3 ? Json.OptionalString(r3, reqPath, "provider") : null;
        var model = ModelOf(requestBody, Json.Join(reqPath, "body")) ?? ModelOf(responseBody, Json.Join(respPath, "body"));

        var status = response is { } r4 ? Json.OptionalNumber(r4, respPath, "status", 100, 599) : null;
        var responseTime = response is { } r5 ? Json.OptionalNumber(r5, respPath, "response_time", 0, 7 * 24 * 3600 * 1000.0) : null;
        var (input, output, total) = Usage(responseBody, Json.Join(respPath, "body"));

        var end = Time(Meta("endTime", "end_time"), $"{metaPath}.endTime") ?? now;
        var start = Time(Meta("startTime", "start_time"), $"{metaPath}.startTime")
            ?? (responseTime is { } ms ? end - TimeSpan.FromMilliseconds(ms) : end);
        if (end < start) throw new FieldException($"{metaPath}.endTime", "is before startTime");

        var failed = status >= 400;
        var attributes = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        if (url is not null) attributes["http.url"] = url;
        if (method is not null) attributes["http.method"] = method;
        if (status is { } code) attributes["http.status_code"] = ((int)code).ToString(CultureInfo.InvariantCulture);
        if (requestBody is { } inBody) attributes["input"] = inBody.GetRawText();
        if (responseBody is { } outBody) attributes["output"] = outBody.GetRawText();

        var cost = Cost(Meta("cost", "cost_usd", "costUsd"), $"{metaPath}.cost");
        return new SpanRecord(
            traceId, spanId, parentId,
            Meta("spanName", "span_name") ?? headers.SpanName ?? NameFromUrl(url),
            "LLM", start, end,
            status is null ? SpanStatus.Unset : failed ? SpanStatus.Error : SpanStatus.Ok,
            failed ? ErrorMessage(responseBody) ?? $"HTTP {(int)status!}" : null,
            null, provider, model, input, output, total,
            cost, cost is null ? CostSource.Unknown : CostSource.Provided,
            Canonical(metadata.RemoveRange(ControlKeys)), attributes.ToImmutable());
    }

    private static ImmutableDictionary<string, string> Canonical(ImmutableDictionary<string, string> metadata)
    {
        foreach (var (from, to) in CanonicalKeys)
        {
            if (metadata.TryGetValue(from, out var value)) metadata = metadata.Remove(from).SetItem(to, value);
        }
        return metadata;
    }

    private static string? ModelOf(JsonElement? body, string path) =>
        body is { ValueKind: JsonValueKind.Object } b ? Json.OptionalString(b, path, "model") : null;

    private static (long? Input, long? Output, long? Total) Usage(JsonElement? body, string path)
    {
        if (body is not { ValueKind: JsonValueKind.Object } b) return (null, null, null);
        if (Json.OptionalObject(b, path, "usage") is not { } usage) return (null, null, null);
        var at = Json.Join(path, "usage");
        return (
            Json.OptionalCount(usage, at, "prompt_tokens") ?? Json.OptionalCount(usage, at, "input_tokens"),
            Json.OptionalCount(usage, at, "completion_tokens") ?? Json.OptionalCount(usage, at, "output_tokens"),
            Json.OptionalCount(usage, at, "total_tokens"));
    }

    private static string? ErrorMessage(JsonElement? body)
    {
        if (body is not { ValueKind: JsonValueKind.Object } b || !b.TryGetProperty("error", out var error)) return null;
        return error.ValueKind switch
        {
            JsonValueKind.String => error.GetString(),
            JsonValueKind.Object when error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String => m.GetString(),
            _ => null,
        };
    }

    /// <summary>ISO 8601 text, or a number of milliseconds since the Unix epoch.</summary>
    private static DateTimeOffset? Time(string? text, string field)
    {
        if (text is null) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
        {
            if (double.IsFinite(ms) && ms >= 0 && ms <= 253_402_300_799_000)
                return DateTimeOffset.FromUnixTimeMilliseconds((long)ms);
        }
        else if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
                 && t >= DateTimeOffset.UnixEpoch)
        {
            // From 1970 on, like the milliseconds form: the start is derived by subtracting a response
            // time of up to a week, which must not fall off the calendar.
            return t.ToUniversalTime();
        }
        throw new FieldException(field, "must be an ISO 8601 time or milliseconds since the Unix epoch, from 1970 to 9999");
    }

    private static decimal? Cost(string? text, string field)
    {
        if (text is null) return null;
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var cost) && cost >= 0 && cost <= 1_000_000)
            return cost;
        throw new FieldException(field, "must be a number of US dollars from 0 to 1,000,000");
    }

    private static string NameFromUrl(string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri)) return "log";
        var path = uri.AbsolutePath.Trim('/');
        if (path.StartsWith("v1/", StringComparison.Ordinal)) path = path[3..];
        return path.Length == 0 ? "log" : path.Replace('/', '.');
    }
}
