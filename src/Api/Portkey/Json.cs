using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

using TraceGrains.Api.Errors;

namespace TraceGrains.Api.Portkey;

/// <summary>Typed reads from untrusted JSON that fail with the field's path.</summary>
internal static class Json
{
    public static JsonElement? Optional(JsonElement parent, string path, params string[] names)
    {
        foreach (var name in names)
        {
            if (parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null) return value;
        }
        return null;
    }

    public static JsonElement? OptionalObject(JsonElement parent, string path, string name)
    {
        var value = Optional(parent, path, name);
        if (value is { ValueKind: not JsonValueKind.Object })
            throw new FieldException(Join(path, name), "must be a JSON object");
        return value;
    }

    public static string? OptionalString(JsonElement parent, string path, params string[] names)
    {
        foreach (var name in names)
        {
            if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) continue;
            if (value.ValueKind != JsonValueKind.String) throw new FieldException(Join(path, name), "must be a string");
            return value.GetString();
        }
        return null;
    }

    public static long? OptionalCount(JsonElement parent, string path, string name)
    {
        if (Optional(parent, path, name) is not { } value) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var n) || n < 0 || n > 1_000_000_000_000)
            throw new FieldException(Join(path, name), "must be a whole number from 0 to 10^12");
        return n;
    }

    public static double? OptionalNumber(JsonElement parent, string path, string name, double min, double max)
    {
        if (Optional(parent, path, name) is not { } value) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var d) || !double.IsFinite(d) || d < min || d > max)
            throw new FieldException(Join(path, name), $"must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
        return d;
    }

    /// <summary>A flat string map: strings, numbers and booleans as text; null values are skipped.</summary>
    public static ImmutableDictionary<string, string> StringMap(JsonElement? map, string path)
    {
        if (map is not { } obj) return ImmutableDictionary<string, string>.Empty;
        if (obj.ValueKind != JsonValueKind.Object) throw new FieldException(path, "must be a JSON object");
        var builder = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var property in obj.EnumerateObject())
        {
            var text = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString()!,
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                JsonValueKind.Null => null,
                _ => throw new FieldException(Join(path, property.Name), "must be a string, number or boolean"),
            };
            if (text is not null) builder[property.Name] = text;
        }
        return builder.ToImmutable();
    }

    /// <summary>
    /// System.Text.Json parses strings without checking their UTF-8 bytes or their <c>\u</c> escapes
    /// (a lone surrogate); reading such a string later throws <see cref="InvalidOperationException"/>,
    /// a 500. One pass at the door refuses it instead, naming where it is. A name given twice in one
    /// object is refused too: which of the two counts would be a guess (and JsonNode throws on it).
    /// </summary>
    public static void CheckText(JsonElement element, string path)
    {
        // Nearly every body is clean: prove that without building a path for each value, and walk
        // again naming paths only to say what is wrong.
        if (!Clean(element)) CheckTextNamingPaths(element, path);
    }

    /// <summary>Most names an object may have for a pairwise duplicate check; larger ones use a set.</summary>
    private const int PairwiseNames = 16;

    private static bool Clean(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                var text = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element);
                return System.Text.Unicode.Utf8.IsValid(text) && (!text.Contains((byte)'\\') || Decodes(element));
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    if (!Clean(item)) return false;
                return true;
            case JsonValueKind.Object:
                var count = 0;
                var escapedNames = false;
                foreach (var property in element.EnumerateObject())
                {
                    var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8PropertyName(property);
                    var escaped = raw.Contains((byte)'\\');
                    escapedNames |= escaped;
                    if (!System.Text.Unicode.Utf8.IsValid(raw) || (escaped && !Decodes(property)) || !Clean(property.Value)) return false;
                    count++;
                }
                return count < 2 || DistinctNames(element, count <= PairwiseNames && !escapedNames);
            default:
                return true;
        }
    }

    // Escapes are decoded only where there are any (no closures here: this runs for every value).
    private static bool Decodes(JsonElement element)
    {
        try
        {
            element.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool Decodes(JsonProperty property)
    {
        try
        {
            _ = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Without escapes, equal raw names are equal names, compared pairwise in place; otherwise by a set.</summary>
    private static bool DistinctNames(JsonElement element, bool pairwise)
    {
        if (!pairwise)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
                if (!names.Add(property.Name)) return false;
            return true;
        }
        var i = 0;
        foreach (var a in element.EnumerateObject())
        {
            var name = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8PropertyName(a);
            var j = 0;
            foreach (var b in element.EnumerateObject())
            {
                if (j++ > i && name.SequenceEqual(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8PropertyName(b))) return false;
            }
            i++;
        }
        return true;
    }

    private static void CheckTextNamingPaths(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                // Most strings have no escapes: checking their bytes in place saves allocating them.
                var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element);
                if (raw.Contains((byte)'\\') || !System.Text.Unicode.Utf8.IsValid(raw)) Readable(() => element.GetString(), path);
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray()) CheckTextNamingPaths(item, $"{path}[{i++}]");
                break;
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    var name = Readable(() => property.Name, Join(path, "(a property name)"));
                    var at = Join(path, name.Length == 0 ? "(empty name)" : name);
                    if (!names.Add(name)) throw new FieldException(at, "appears twice in the same object");
                    CheckTextNamingPaths(property.Value, at);
                }
                break;
        }
    }

    private static string Readable(Func<string?> read, string path)
    {
        try
        {
            return read() ?? "";
        }
        catch (InvalidOperationException)
        {
            throw new FieldException(path.Length == 0 ? "body" : path, "is not valid text (invalid UTF-8 or a lone UTF-16 surrogate)");
        }
    }

    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
