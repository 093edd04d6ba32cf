using System.Text.Json;

using TraceGrains.Api.Errors;

namespace TraceGrains.Api.Portkey;

/// <summary>Reads a request body as JSON within the size limit (Kestrel enforces it; 413 above).</summary>
internal static class JsonBody
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    public static async Task<JsonDocument> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        RefuseDeclaredOversize(request);
        var type = request.ContentType;
        if (type is not null && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
            throw new FieldException("Content-Type", $"'{type}' is not JSON; send application/json", StatusCodes.Status415UnsupportedMediaType);
        if (request.Headers.ContentEncoding.ToString() is { Length: > 0 } encoding && encoding != "identity")
            throw new FieldException("Content-Encoding", $"'{encoding}' is not supported here; send the JSON uncompressed",
                StatusCodes.Status415UnsupportedMediaType);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, Options, ct);
        }
        catch (JsonException e)
        {
            throw new FieldException("body", $"malformed JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine}): {FirstSentence(e.Message)}");
        }
        try
        {
            Json.CheckText(document.RootElement, "");
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>
    /// 413 from the declared length alone, before reading a byte: a client that sent
    /// <c>Expect: 100-continue</c> then never sends the body at all.
    /// </summary>
    public static void RefuseDeclaredOversize(HttpRequest request)
    {
        var limit = request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (request.ContentLength is { } length && limit is { } max && length > max)
            throw new FieldException("body", $"{length} bytes, larger than the limit of {max} bytes", StatusCodes.Status413PayloadTooLarge, "MaxRequestBodyBytes");
    }

    /// <summary>One object, a JSON array of them, or the SDK's array sent as {"0":{...},"1":{...}}.</summary>
    public static IReadOnlyList<(JsonElement Item, string Path)> Items(JsonElement root, int max)
    {
        List<(JsonElement, string)> items = root.ValueKind switch
        {
            JsonValueKind.Array => [.. root.EnumerateArray().Select((e, i) => (e, $"[{i}]"))],
            JsonValueKind.Object when IsIndexedObject(root) =>
                [.. root.EnumerateObject().Select(p => (p.Value, $"[{p.Name}]"))],
            JsonValueKind.Object => [(root, "")],
            _ => throw new FieldException("body", "must be a JSON object or an array of objects"),
        };
        if (items.Count == 0) throw new FieldException("body", "holds no items");
        if (items.Count > max) throw new FieldException("body", $"holds {items.Count} items, the limit is {max} (TraceGrains:Api:MaxItemsPerRequest)", limit: "MaxItemsPerRequest");
        return items;
    }

    private static bool IsIndexedObject(JsonElement obj)
    {
        var i = 0;
        foreach (var property in obj.EnumerateObject())
        {
            if (property.Name != i.ToString(System.Globalization.CultureInfo.InvariantCulture)) return false;
            i++;
        }
        return i > 0;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
