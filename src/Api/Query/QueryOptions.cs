using System.ComponentModel.DataAnnotations;

namespace TraceGrains.Api.Query;

/// <summary>Section <c>TraceGrains:Query</c>.</summary>
public sealed class QueryOptions
{
    public const string Section = "TraceGrains:Query";

    /// <summary>Signs list cursors; every API node of a deployment needs the same value.</summary>
    [Required, MinLength(16)] public string CursorSecret { get; set; } = "tracegrains-development-cursor-secret";
    [Range(1, 1000)] public int DefaultPageSize { get; set; } = 50;
    [Range(1, 1000)] public int MaxPageSize { get; set; } = 1000;
    /// <summary>Window of a list that names none: the last this many hours.</summary>
    [Range(1, 24 * 366)] public int DefaultWindowHours { get; set; } = 24;
    /// <summary>A watch ends after the trace has been quiet this long.</summary>
    [Range(1, 24 * 3600)] public int WatchQuietSeconds { get; set; } = 300;
}
