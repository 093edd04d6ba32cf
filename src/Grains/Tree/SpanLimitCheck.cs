using System.Collections.Immutable;
using System.Text;

namespace TraceGrains.Grains.Tree;

/// <summary>Checks one (merged) span against the per-span limits.</summary>
internal static class SpanLimitCheck
{
    public static (RejectionReason Reason, string Message)? Check(SpanRecord span, TraceLimitsOptions limits)
    {
        // The span's own text fields and the map keys are bounded like values: nothing a sender
        // writes is unbounded.
        var max = limits.MaxAttributeValueBytes;
        if ((TooLarge("name", span.Name, max) ?? TooLarge("kind", span.Kind, max) ?? TooLarge("statusMessage", span.StatusMessage, max)
            ?? TooLarge("service", span.Service, max) ?? TooLarge("provider", span.Provider, max) ?? TooLarge("model", span.Model, max)
            ?? KeyTooLarge(span.Attributes, "attributes", max) ?? KeyTooLarge(span.Metadata, "metadata", max)) is { } text)
            return (RejectionReason.TextTooLarge, text);
        if (span.Attributes.Count > limits.MaxAttributesPerSpan)
            return (RejectionReason.TooManyAttributes,
                $"attributes: {span.Attributes.Count} entries, the limit is {limits.MaxAttributesPerSpan}");
        if (span.Metadata.Count > limits.MaxMetadataEntries)
            return (RejectionReason.TooManyMetadataEntries,
                $"metadata: {span.Metadata.Count} entries, the limit is {limits.MaxMetadataEntries}");
        return TooLarge(span.Attributes, "attributes", limits.MaxAttributeValueBytes)
            ?? TooLarge(span.Metadata, "metadata", limits.MaxAttributeValueBytes);
    }

    private static string? TooLarge(string field, string? value, int maxBytes)
    {
        if (value is null || value.Length * 3 <= maxBytes) return null;
        var bytes = Encoding.UTF8.GetByteCount(value);
        return bytes > maxBytes ? $"{field}: {bytes} bytes, the limit is {maxBytes}" : null;
    }

    // The maps are walked with their own struct enumerator: through the interface every span
    // checked allocated two enumerators per map.
    private static string? KeyTooLarge(ImmutableDictionary<string, string> map, string field, int maxBytes)
    {
        foreach (var pair in map)
        {
            if (TooLarge(field, pair.Key, maxBytes) is { } message)
                return message.Replace($"{field}:", $"{field}: a key of", StringComparison.Ordinal);
        }
        return null;
    }

    private static (RejectionReason, string)? TooLarge(
        ImmutableDictionary<string, string> map, string field, int maxBytes)
    {
        foreach (var (key, value) in map)
        {
            // Cheap bound first: a UTF-8 encoding never exceeds three bytes per UTF-16 unit.
            if (value.Length * 3 <= maxBytes) continue;
            var bytes = Encoding.UTF8.GetByteCount(value);
            if (bytes > maxBytes)
                return (RejectionReason.AttributeValueTooLarge,
                    $"{field}.{key}: {bytes} bytes, the limit is {maxBytes}");
        }
        return null;
    }
}
