using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;

using TraceGrains.Api.Errors;

namespace TraceGrains.Api.Otlp;

/// <summary>
/// OTLP's JSON encoding is protobuf's JSON mapping except that trace and span ids are hex, not
/// base64. This rewrites the ids to base64 and hands the rest to protobuf's parser; a malformed id
/// becomes an error for that one span instead of failing the request.
/// </summary>
public static class OtlpJson
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 128 };
    private static readonly string[] IdFields = ["traceId", "trace_id", "spanId", "span_id", "parentSpanId", "parent_span_id"];

    /// <summary>Throws <see cref="FieldException"/> when the body is not an OTLP JSON request.</summary>
    public static (ExportTraceServiceRequest Request, Dictionary<int, string> IdErrors) Parse(ReadOnlyMemory<byte> utf8)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new FieldException("body", $"malformed JSON (line {e.LineNumber + 1}): {e.Message.Split(" Path:")[0]}");
        }
        using var owner = document;
        Portkey.Json.CheckText(document.RootElement, "");
        if (document.RootElement.ValueKind != JsonValueKind.Object) throw new FieldException("body", "must be a JSON object");
        // The nodes read from the document, which stays alive until the request is built.
        var request = JsonObject.Create(document.RootElement, NodeOptions)!;

        var errors = new Dictionary<int, string>();
        var index = 0;
        foreach (var span in Children(request, "resourceSpans", "resource_spans")
                     .SelectMany(r => Children(r, "scopeSpans", "scope_spans"))
                     .SelectMany(s => Children(s, "spans")))
        {
            if (!RewriteIds(span, out var error)) errors[index] = error;
            foreach (var link in Children(span, "links")) RewriteIds(link, out _);
            index++;
        }
        try
        {
            return (Parser.Parse<ExportTraceServiceRequest>(request.ToJsonString()), errors);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException)
        {
            // InvalidJsonException is an IOException: left alone it would pass for a transient failure (503).
            throw new FieldException("body", $"not an OTLP ExportTraceServiceRequest: {e.Message}");
        }
    }

    private static IEnumerable<JsonObject> Children(JsonObject parent, params string[] names)
    {
        foreach (var name in names)
        {
            if (parent[name] is JsonArray array) return array.OfType<JsonObject>();
        }
        return [];
    }

    private static bool RewriteIds(JsonObject node, out string error)
    {
        error = "";
        foreach (var field in IdFields)
        {
            if (node[field] is not JsonValue value || !value.TryGetValue<string>(out var hex)) continue;
            if (hex.Length % 2 == 0 && hex.All(char.IsAsciiHexDigit))
            {
                node[field] = Convert.ToBase64String(Convert.FromHexString(hex));
                continue;
            }
            node[field] = "";
            if (error.Length == 0) error = $"{field}: '{Truncate(hex)}' is not a hex id";
        }
        return error.Length == 0;
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
