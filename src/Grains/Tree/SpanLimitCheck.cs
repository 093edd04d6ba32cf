using System.Text;

namespace TraceGrains.Grains.Tree;

/// <summary>Checks one (merged) span against the per-span limits.</summary>
internal static class SpanLimitCheck
{
    public static (RejectionReason Reason, string Message)? Check(SpanRecord span, TraceLimitsOptions limits)
    {
        if (span.Attributes.Count > limits.MaxAttributesPerSpan)
            return (RejectionReason.TooManyAttributes,
                $"attributes: {span.Attributes.Count} entries, the limit is {limits.MaxAttributesPerSpan}");
        if (span.Metadata.Count > limits.MaxMetadataEntries)
            return (RejectionReason.TooManyMetadataEntries,
                $"metadata: {span.Metadata.Count} entries, the limit is {limits.MaxMetadataEntries}");
        return TooLarge(span.Attributes, "attributes", limits.MaxAttributeValueBytes)
            ?? TooLarge(span.Metadata, "metadata", limits.MaxAttributeValueBytes);
    }

    private static (RejectionReason, string)? TooLarge(
        IReadOnlyDictionary<string, string> map, string field, int maxBytes)
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
