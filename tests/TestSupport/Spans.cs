using System.Collections.Immutable;

namespace TraceGrains.TestSupport;

/// <summary>Small builders for test spans.</summary>
public static class Spans
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    public static SpanRecord Span(
        string trace = "t1", string id = "s1", string? parent = null, string? name = "op",
        decimal? cost = null, long? input = null, long? output = null, long? total = null,
        double? startMs = 0, double? endMs = 100, SpanStatus status = SpanStatus.Ok, string? model = null,
        ImmutableDictionary<string, string>? metadata = null, ImmutableDictionary<string, string>? attributes = null) =>
        new(trace, id, parent, name, "LLM",
            startMs is { } s ? T0.AddMilliseconds(s) : null,
            endMs is { } e ? T0.AddMilliseconds(e) : null,
            status, status == SpanStatus.Error ? "failed" : null,
            null, model is null ? null : "openai", model, input, output, total,
            cost, cost is null ? CostSource.Unknown : CostSource.Provided,
            metadata ?? ImmutableDictionary<string, string>.Empty,
            attributes ?? ImmutableDictionary<string, string>.Empty);

    public static string NewId() => Guid.NewGuid().ToString("N");
}
