using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using TraceGrains.Api.V1;

using TraceGrains.Api.Errors;

namespace TraceGrains.Api.Query;

/// <summary>
/// <c>GET /v1/traces</c> query parameters as a <see cref="ListTracesRequest"/>: the gRPC field names
/// (<c>start_time_from</c>, <c>min_cost_usd</c>, ...) with <c>metadata.KEY=value</c> for metadata.
/// Unknown parameters are refused, so a typo never silently widens a filter.
/// </summary>
public static class ListQueryParameters
{
    public static ListTracesRequest Parse(IQueryCollection query)
    {
        var r = new ListTracesRequest();
        foreach (var (name, values) in query)
        {
            var value = values.ToString();
            if (name.StartsWith("metadata.", StringComparison.Ordinal) && name.Length > "metadata.".Length)
            {
                r.Metadata[name["metadata.".Length..]] = value;
                continue;
            }
            switch (name)
            {
                case "start_time_from": r.StartTimeFrom = Time(name, value); break;
                case "start_time_to": r.StartTimeTo = Time(name, value); break;
                case "service": r.Service = value; break;
                case "model": r.Model = value; break;
                case "provider": r.Provider = value; break;
                case "has_error": r.HasError = Bool(name, value); break;
                case "min_cost_usd": r.MinCostUsd = Number(name, value); break;
                case "max_cost_usd": r.MaxCostUsd = Number(name, value); break;
                case "min_duration_ms": r.MinDurationMs = Number(name, value); break;
                case "max_duration_ms": r.MaxDurationMs = Number(name, value); break;
                case "min_feedback_score": r.MinFeedbackScore = Number(name, value); break;
                case "max_feedback_score": r.MaxFeedbackScore = Number(name, value); break;
                case "name_contains": r.NameContains = value; break;
                case "sort_by": r.SortBy = value; break;
                case "order": r.Order = value; break;
                case "page_size": r.PageSize = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw Bad(name, "must be a whole number"); break;
                case "cursor": r.Cursor = value; break;
                default: throw string.IsNullOrWhiteSpace(name) ? Bad("query", $"a parameter without a name ('{name}')") : Bad(name, "unknown parameter");
            }
        }
        return r;
    }

    private static Timestamp Time(string name, string value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? Timestamp.FromDateTimeOffset(t)
            : throw Bad(name, "must be an RFC 3339 time such as 2026-11-22T10:00:00Z");

    private static bool Bool(string name, string value) =>
        bool.TryParse(value, out var b) ? b : throw Bad(name, "must be true or false");

    private static double Number(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? d : throw Bad(name, "must be a finite number");

    private static FieldException Bad(string name, string problem) => new(name, problem);
}
