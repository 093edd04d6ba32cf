using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TraceGrains.Api.Pricing;

/// <summary>
/// Prices per million tokens, matched by exact model name first and then by pattern, each time taking
/// the row with the latest effective date not after the span's start. Rows of an override file come
/// before the shipped ones.
/// </summary>
public sealed class PricingTable(IReadOnlyList<ModelPrice> rows)
{
    public IReadOnlyList<ModelPrice> Rows { get; } = rows;

    public static PricingTable Load(params string[] files) =>
        new([.. files.SelectMany(f => Parse(File.ReadAllText(f), f))]);

    public static IEnumerable<ModelPrice> Parse(string json, string source)
    {
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{source}: no \"models\" array.");
        var rows = new List<ModelPrice>();
        var index = 0;
        foreach (var row in models.EnumerateArray())
        {
            string at = $"{source}: models[{index++}]";
            string? Text(string name) => row.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            decimal Price(string name) => row.TryGetProperty(name, out var v) && v.TryGetDecimal(out var d) && d >= 0
                ? d : throw new InvalidDataException($"{at}.{name}: must be a non-negative number.");
            var model = Text("model")?.ToLowerInvariant();
            var pattern = Text("pattern");
            if (model is null == (pattern is null)) throw new InvalidDataException($"{at}: needs exactly one of \"model\" and \"pattern\".");
            var effective = Text("effective_from") is { } date
                ? DateTimeOffset.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                : (DateTimeOffset?)null;
            rows.Add(new ModelPrice(Text("provider"), model,
                pattern is null ? null : new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50)),
                Price("input_per_million"), Price("output_per_million"), effective));
        }
        return rows;
    }

    // Which rows can price a model name never changes, so it is worked out once per name (the table
    // and its patterns are scanned per span otherwise). Bounded: full, it starts again empty.
    private const int MaxCachedNames = 10_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ModelPrice[][]> _byName = new(StringComparer.Ordinal);

    /// <summary>The price of a model at a time, or null when the table does not know it.</summary>
    public ModelPrice? Find(string model, DateTimeOffset at)
    {
        if (!_byName.TryGetValue(model, out var groups))
        {
            if (_byName.Count >= MaxCachedNames) _byName.Clear();
            groups = _byName[model] = Candidates(model);
        }
        foreach (var group in groups)
        {
            if (Latest(group, at) is { } price) return price;
        }
        return null;
    }

    /// <summary>Matching rows in the order they are tried: exact names first, then patterns.</summary>
    private ModelPrice[][] Candidates(string model)
    {
        var name = model.Trim();
        // "openai/gpt-4o" and "models/gemini-1.5-pro": try the full name, then the part after the last '/'.
        var slash = name.LastIndexOf('/');
        string[] candidates = slash > 0 && slash < name.Length - 1 ? [name, name[(slash + 1)..]] : [name];
        return
        [
            .. candidates.Select(c => Rows.Where(r => r.Model is not null && r.Matches(c)).ToArray()),
            .. candidates.Select(c => Rows.Where(r => r.Pattern is not null && r.Matches(c)).ToArray()),
        ];
    }

    private static ModelPrice? Latest(IEnumerable<ModelPrice> rows, DateTimeOffset at)
    {
        ModelPrice? best = null;
        foreach (var row in rows)
        {
            if (row.EffectiveFrom > at) continue;
            // The first matching row wins among equal dates, so override rows (listed first) beat shipped ones.
            if (best is null || (row.EffectiveFrom ?? DateTimeOffset.MinValue) > (best.EffectiveFrom ?? DateTimeOffset.MinValue)) best = row;
        }
        return best;
    }
}
