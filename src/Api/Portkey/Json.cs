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

    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
