using System.Collections.Immutable;

namespace TraceGrains.Grains.Tree;

/// <summary>
/// Models, providers, services and metadata pairs of the trace, counted span by span as spans are
/// stored and merged, so that a summary or index entry costs the number of distinct labels, not a
/// walk over every span.
/// </summary>
internal sealed partial class TraceTree
{
    private const int MaxMetadataPairs = 64;
    private const int MaxIndexedValueLength = 256;
    private readonly Dictionary<string, int> _models = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _providers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Key, string Value), int> _pairs = [];

    private void CountLabels(SpanRecord span, int delta)
    {
        if (span.Model is { } model) Count(_models, model, delta);
        if (span.Provider is { } provider) Count(_providers, provider, delta);
        if (span.Service is { } service) Count(_services, service, delta);
        foreach (var (key, value) in span.Metadata)
        {
            // Bounded: pairs beyond the first MaxMetadataPairs distinct ones are not indexed.
            if (value.Length > MaxIndexedValueLength || delta > 0 && _pairs.Count >= MaxMetadataPairs && !_pairs.ContainsKey((key, value))) continue;
            Count(_pairs, (key, value), delta);
        }
    }

    private static void Count<TKey>(Dictionary<TKey, int> counts, TKey key, int delta) where TKey : notnull
    {
        var n = counts.GetValueOrDefault(key) + delta;
        if (n <= 0) counts.Remove(key); else counts[key] = n;
    }

    /// <summary>Providers, services and metadata pairs of all spans, sorted and distinct.</summary>
    private (ImmutableArray<string>, ImmutableArray<string>, ImmutableArray<string>) Labels() =>
        ([.. _providers.Keys.Order(StringComparer.Ordinal)],
         [.. _services.Keys.Order(StringComparer.Ordinal)],
         [.. _pairs.Keys.Select(p => $"{p.Key}={p.Value}").Order(StringComparer.Ordinal)]);
}
