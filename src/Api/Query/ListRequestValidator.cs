using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using TraceGrains.Api.V1;
using TraceGrains.Index;

using TraceGrains.Api.Errors;

namespace TraceGrains.Api.Query;

/// <summary>Checks a list request and turns it into index terms; errors name the parameter.</summary>
public static class ListRequestValidator
{
    public static (TraceFilter Filter, TraceSort Sort, bool Descending) Parse(ListTracesRequest r)
    {
        var sort = r.SortBy switch
        {
            "" or "start_time" => TraceSort.StartTime,
            "cost" => TraceSort.Cost,
            "duration" => TraceSort.Duration,
            "tokens" => TraceSort.Tokens,
            _ => throw new FieldException("sort_by", $"unknown sort key '{r.SortBy}'; use start_time, cost, duration or tokens"),
        };
        var descending = r.Order switch
        {
            "" or "desc" => true,
            "asc" => false,
            _ => throw new FieldException("order", $"'{r.Order}' is neither asc nor desc"),
        };
        Range("min_cost_usd", r.HasMinCostUsd ? r.MinCostUsd : null, r.HasMaxCostUsd ? r.MaxCostUsd : null);
        Range("min_duration_ms", r.HasMinDurationMs ? r.MinDurationMs : null, r.HasMaxDurationMs ? r.MaxDurationMs : null);
        Range("min_feedback_score", r.HasMinFeedbackScore ? r.MinFeedbackScore : null, r.HasMaxFeedbackScore ? r.MaxFeedbackScore : null);
        foreach (var key in r.Metadata.Keys)
        {
            if (key.Length == 0 || key.Contains('=')) throw new FieldException("metadata", $"key '{key}' must be non-empty and without '='");
        }

        var filter = new TraceFilter(
            [.. r.Metadata.Select(kv => $"{kv.Key}={kv.Value}").Order(StringComparer.Ordinal)],
            Blank(r.Service), Blank(r.Model), Blank(r.Provider),
            r.HasHasError ? r.HasError : null,
            r.HasMinCostUsd ? Money("min_cost_usd", r.MinCostUsd) : null,
            r.HasMaxCostUsd ? Money("max_cost_usd", r.MaxCostUsd) : null,
            r.HasMinDurationMs ? r.MinDurationMs : null, r.HasMaxDurationMs ? r.MaxDurationMs : null,
            r.HasMinFeedbackScore ? r.MinFeedbackScore : null, r.HasMaxFeedbackScore ? r.MaxFeedbackScore : null,
            Blank(r.NameContains));
        return (filter, sort, descending);
    }

    /// <summary>A digest of everything but the window, page size and cursor: a cursor is only good for the same query.</summary>
    public static byte[] QueryHash(TraceFilter filter, TraceSort sort, bool descending)
    {
        var text = string.Join('\u001f', [
            sort.ToString(), descending.ToString(), .. filter.MetadataPairs, filter.Service ?? "", filter.Model ?? "",
            filter.Provider ?? "", filter.HasError?.ToString() ?? "", Text(filter.MinCostUsd), Text(filter.MaxCostUsd),
            Text(filter.MinDurationMs), Text(filter.MaxDurationMs), Text(filter.MinFeedbackScore), Text(filter.MaxFeedbackScore),
            filter.NameContains ?? ""]);
        return SHA256.HashData(Encoding.UTF8.GetBytes(text))[..16];
    }

    private static string Text(IFormattable? value) => value?.ToString(null, CultureInfo.InvariantCulture) ?? "";

    private static void Range(string minName, double? min, double? max)
    {
        if (min is { } a && !double.IsFinite(a)) throw new FieldException(minName, "must be a finite number");
        if (max is { } b && !double.IsFinite(b)) throw new FieldException(minName.Replace("min_", "max_"), "must be a finite number");
        if (min > max) throw new FieldException(minName, $"{min} is greater than {minName.Replace("min_", "max_")} {max}");
    }

    private static decimal Money(string name, double value) =>
        Math.Abs(value) <= 1e12 ? (decimal)value : throw new FieldException(name, "out of range");

    private static string? Blank(string value) => value.Length == 0 ? null : value;
}
