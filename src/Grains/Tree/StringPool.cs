using System.Collections.Concurrent;

namespace TraceGrains.Grains.Tree;

/// <summary>
/// One shared instance of the short strings that repeat across spans (names, kinds, models,
/// providers, services, attribute keys), so that a span held in memory does not carry its own copy.
/// Bounded: when full it starts again empty (strings already shared stay valid), so unique values
/// cannot fill it for good.
/// </summary>
public static class StringPool
{
    /// <summary>Labels up to this length are pooled.</summary>
    public const int MaxLength = 96;
    /// <summary>Attribute values up to this length are pooled; longer ones are mostly unique (ids, text).</summary>
    public const int MaxValueLength = 24;
    public const int MaxEntries = 100_000;
    private static readonly ConcurrentDictionary<string, string> Pool = new(StringComparer.Ordinal);

    public static string? Intern(string? value) => Intern(value, MaxLength);

    public static string? InternValue(string? value) => Intern(value, MaxValueLength);

    private static string? Intern(string? value, int maxLength)
    {
        if (value is null || value.Length > maxLength) return value;
        if (Pool.TryGetValue(value, out var pooled)) return pooled;
        if (Pool.Count >= MaxEntries) Pool.Clear();
        return Pool.GetOrAdd(value, value);
    }
}
