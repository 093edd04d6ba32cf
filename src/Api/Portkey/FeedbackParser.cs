using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using TraceGrains.Grains;

using TraceGrains.Api.Errors;

namespace TraceGrains.Api.Portkey;

/// <summary>
/// Portkey feedback bodies: trace_id (or traceID), value, weight, metadata. Metadata is held to the
/// span metadata limits (<see cref="TraceLimitsOptions"/>): entries per span, bytes per key or value.
/// </summary>
internal static class FeedbackParser
{
    public sealed record NewFeedback(string TraceId, int Value, double Weight, ImmutableDictionary<string, string> Metadata);

    public static NewFeedback ParseCreate(JsonElement item, string path, TraceLimitsOptions limits, int maxIdLength = IdRules.MaxIdLength)
    {
        if (item.ValueKind != JsonValueKind.Object) throw new FieldException(Json.Join(path, "body"), "must be a JSON object");
        var traceId = Json.OptionalString(item, path, "trace_id", "traceID", "traceId")
            ?? throw new FieldException(Json.Join(path, "trace_id"), "is required");
        Limits.IdCheck.Require(traceId, Json.Join(path, "trace_id"), maxIdLength);
        var value = Value(item, path) ?? throw new FieldException(Json.Join(path, "value"), "is required");
        return new NewFeedback(traceId, value, Weight(item, path) ?? 1.0, Metadata(item, path, limits));
    }

    public static FeedbackUpdate ParseUpdate(JsonElement item, Guid id, TraceLimitsOptions limits)
    {
        if (item.ValueKind != JsonValueKind.Object) throw new FieldException("body", "must be a JSON object");
        var metadata = Json.Optional(item, "", "metadata") is null ? null : Metadata(item, "", limits);
        return new FeedbackUpdate(id, Value(item, ""), Weight(item, ""), metadata);
    }

    private static int? Value(JsonElement item, string path)
    {
        if (Json.Optional(item, path, "value") is not { } v) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var value)
            || value < FeedbackRecord.MinValue || value > FeedbackRecord.MaxValue)
            throw new FieldException(Json.Join(path, "value"), $"must be an integer from {FeedbackRecord.MinValue} to {FeedbackRecord.MaxValue}");
        return value;
    }

    private static double? Weight(JsonElement item, string path) => Json.OptionalNumber(item, path, "weight", 0, 1);

    /// <summary>Feedback metadata keeps to the same limits as span metadata (count, and bytes of each key and value).</summary>
    private static ImmutableDictionary<string, string> Metadata(JsonElement item, string path, TraceLimitsOptions limits)
    {
        var at = Json.Join(path, "metadata");
        var metadata = Json.StringMap(Json.Optional(item, path, "metadata"), at);
        if (metadata.Count > limits.MaxMetadataEntries)
            throw new FieldException(at, $"{metadata.Count} entries, the limit is {limits.MaxMetadataEntries} (TraceGrains:Limits:MaxMetadataEntries)",
                limit: "MaxMetadataEntries");
        foreach (var (key, value) in metadata)
        {
            var bytes = Math.Max(Encoding.UTF8.GetByteCount(key), Encoding.UTF8.GetByteCount(value));
            if (bytes > limits.MaxAttributeValueBytes)
                throw new FieldException(Json.Join(at, key.Length > 64 ? key[..64] + "…" : key),
                    $"{bytes} bytes, the limit is {limits.MaxAttributeValueBytes} (TraceGrains:Limits:MaxAttributeValueBytes)",
                    limit: "MaxAttributeValueBytes");
        }
        return metadata;
    }
}
