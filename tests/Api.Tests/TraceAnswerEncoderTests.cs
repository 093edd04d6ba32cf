using System.Collections.Immutable;
using Google.Protobuf;
using TraceGrains.Api.Query;
using TraceGrains.Api.V1;

namespace TraceGrains.Api.Tests;

public sealed class TraceAnswerEncoderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, 0, 0)]
    [InlineData(2, 1, 0)]
    [InlineData(3, 1_000, 0)]
    [InlineData(4, 1_000, 3)]
    [InlineData(5, 300, 1)]
    public void Encodes_the_same_bytes_as_the_generated_code(int seed, int spans, int feedback)
    {
        var details = Details(new Random(seed), spans, feedback);
        var response = TraceMapper.ToResponse(details);

        var bytes = TraceAnswerEncoder.Encode(details);

        SameBytes(response.ToByteArray(), bytes);
        // Well-formed: parsed and written again, nothing changes (-0.0 in the data makes message equality unusable).
        SameBytes(bytes, GetTraceResponse.Parser.ParseFrom(bytes).ToByteArray());
    }

    [Fact]
    public void A_trace_with_roots_orphans_and_detached_subtrees_keeps_all_three_in_place()
    {
        var details = Details(new Random(6), 500, 2);
        var response = TraceMapper.ToResponse(details);
        Assert.NotEmpty(response.Roots);
        Assert.NotEmpty(response.Orphans);
        Assert.NotEmpty(response.Detached);

        SameBytes(response.ToByteArray(), TraceAnswerEncoder.Encode(details));
    }

    /// <summary>Equal arrays, or a failure naming the first byte that differs (the messages are too large to print).</summary>
    private static void SameBytes(byte[] expected, byte[] actual)
    {
        var at = expected.AsSpan().CommonPrefixLength(actual);
        if (at == expected.Length && at == actual.Length) return;
        var from = Math.Max(0, at - 24);
        Assert.Fail($"{actual.Length} bytes written, {expected.Length} expected; first difference at byte {at}:\n" +
            $"expected ...{Convert.ToHexString(expected.AsSpan(from, Math.Min(48, expected.Length - from)))}\n" +
            $"actual   ...{Convert.ToHexString(actual.AsSpan(from, Math.Min(48, actual.Length - from)))}");
    }

    /// <summary>
    /// Random trees in the order the grain gives them (parents first): unicode and empty fields,
    /// missing optional numbers, maps, a few spans whose parent never came, and a chain deeper than
    /// <see cref="TraceMapper.MaxNestingDepth"/> so that subtrees are detached.
    /// </summary>
    private static TraceDetails Details(Random random, int spans, int feedback)
    {
        var views = new List<SpanView>(spans);
        for (var i = 0; i < spans; i++)
        {
            var parent = i switch
            {
                0 => null,
                _ when i % 97 == 0 => $"never-came-{i}",
                _ when i <= 150 && spans >= 300 => $"s{i - 1}",                    // the deep chain
                _ => $"s{random.Next(i)}",
            };
            views.Add(new SpanView(Span(random, i, parent), Totals(random), parent?.StartsWith("never") == true));
        }
        var records = Enumerable.Range(0, feedback).Select(i => new FeedbackRecord(
            new Guid(i + 1, 2, 3, [4, 5, 6, 7, 8, 9, 10, 11]), i - 1, 0.5 * i,
            ImmutableDictionary<string, string>.Empty.Add("note", $"fine ✓ {i}"), T0, T0.AddMinutes(i)));
        return new TraceDetails(Summary(spans), [.. views], [.. records]);
    }

    private static SpanRecord Span(Random random, int i, string? parent)
    {
        var start = random.Next(6) switch
        {
            0 => (DateTimeOffset?)null,
            1 => new DateTimeOffset(1969, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(-random.Next(10_000_000)),  // before the epoch
            2 => DateTimeOffset.UnixEpoch,                                                                          // zero seconds and nanos
            _ => T0.AddTicks(random.NextInt64(1_000_000_000)).ToOffset(TimeSpan.FromHours(random.Next(-12, 13))),
        };
        var metadata = ImmutableDictionary<string, string>.Empty;
        for (var k = random.Next(4); k > 0; k--) metadata = metadata.SetItem(k == 3 ? "" : $"key{k}", random.Next(2) == 0 ? "" : $"välue {random.Next()}");
        var attributes = ImmutableDictionary<string, string>.Empty;
        if (random.Next(2) == 0) attributes = attributes.Add("llm.input_messages", new string('x', random.Next(400)));
        return new SpanRecord("trace-1", $"s{i}", parent, random.Next(5) == 0 ? null : $"call {i} 🚀", "LLM",
            start, start?.AddMilliseconds(random.Next(5_000)), (SpanStatus)random.Next(3),
            random.Next(4) == 0 ? "rate limited" : null, "svc", "openai", random.Next(2) == 0 ? "gpt-4o" : null,
            Maybe(random, random.Next(-1, 10_000)), Maybe(random, 0), Maybe(random, long.MaxValue - random.Next(1_000)),
            random.Next(3) switch { 0 => null, 1 => 0m, _ => random.Next(1_000) / 1e4m },
            (CostSource)random.Next(3), metadata, attributes);
    }

    private static long? Maybe(Random random, long value) => random.Next(2) == 0 ? value : null;

    private static SubtreeTotals Totals(Random random) =>
        new(random.Next(1, 1_000), random.Next(-1, 3), random.Next(3) == 0 ? 0m : random.Next(10_000) / 1e4m, random.Next(), 0,
            -random.Next(2), random.Next(3) == 0 ? -0.0 : random.NextDouble() * 1e5);

    private static TraceGrains.TraceSummary Summary(int spans) =>
        new("default", "trace-1", spans, 2, 1.25m, 1m, 0.25m, 3, 1234.5, 10, 20, 30, ["gpt-4o"], T0, T0.AddSeconds(9),
            T0, T0.AddSeconds(10), 0, null, 1, 0, "root", ["openai"], ["svc"], ["user=ann"]);
}
