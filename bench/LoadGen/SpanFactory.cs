namespace TraceGrains.Bench.LoadGen;

/// <summary>
/// Makes spans that look like an LLM application's: a root agent span, then mostly chat calls with
/// token counts, some tool and retriever spans, each a child of an earlier span of its trace, and
/// about 1 % failed calls. Everything random comes from one seeded <see cref="Random"/>, except the
/// first 4 bytes of every trace id: they are the run id, so that two runs with the same seed against
/// the same store never add to each other's traces.
/// </summary>
internal sealed class SpanFactory(Random random, bool llmOnly, string runId)
{
    public const double ErrorRate = 0.01;

    private static readonly LlmModel[] Models =
    [
        new("gpt-4o-mini", "openai", "https://api.openai.com/v1/chat/completions"),
        new("gpt-4o", "openai", "https://api.openai.com/v1/chat/completions"),
        new("claude-sonnet-4-5", "anthropic", "https://api.anthropic.com/v1/messages"),
        new("claude-haiku-4-5", "anthropic", "https://api.anthropic.com/v1/messages"),
        new("gemini-2.5-flash", "google", "https://generativelanguage.googleapis.com/v1beta/models"),
    ];

    private static readonly string[] Services = ["support-bot", "search-agent", "summarizer", "code-review"];
    private static readonly string[] Tools = ["tool.web_search", "tool.calculator", "tool.sql_query"];

    /// <summary>A fresh trace: its id and what all its spans share.</summary>
    public TraceSeed NewTrace(DateTimeOffset now) => new(
        runId + Hex(12), Services[random.Next(Services.Length)], $"u{random.Next(1000)}", $"sess-{Hex(4)}",
        Models[random.Next(Models.Length)], now);

    /// <summary>Span number <paramref name="index"/> of the trace; <paramref name="earlier"/> holds the ids sent so far.</summary>
    public PlannedSpan NextSpan(TraceSeed trace, int index, IReadOnlyList<string> earlier)
    {
        var id = Hex(8);
        var start = trace.Start.AddMilliseconds(index * 40 + random.Next(20));
        if (index == 0 && !llmOnly)
            return new(trace.TraceId, id, null, "agent.run", "CHAIN", trace.Service, null, null, null,
                random.NextDouble() < ErrorRate, start, random.Next(500, 20_000), trace.User, trace.Session);

        // The root (index 0) is the parent half the time; otherwise any earlier span.
        string? parent = index == 0 ? null : random.Next(2) == 0 ? earlier[0] : earlier[random.Next(earlier.Count)];
        var roll = random.Next(100);
        if (!llmOnly && roll >= 85)
        {
            var (name, kind) = roll >= 93 ? ("retriever.vector_search", "RETRIEVER") : (Tools[random.Next(Tools.Length)], "TOOL");
            return new(trace.TraceId, id, parent, name, kind, trace.Service, null, null, null,
                random.NextDouble() < ErrorRate, start, random.Next(5, 800), trace.User, trace.Session);
        }

        // Mostly the trace's main model, sometimes another one.
        var model = random.Next(5) == 0 ? Models[random.Next(Models.Length)] : trace.Model;
        var failed = random.NextDouble() < ErrorRate;
        long? input = failed ? null : random.Next(20, 4000);
        long? output = failed ? null : random.Next(5, 1000);
        return new(trace.TraceId, id, parent, $"chat {model.Name}", "LLM", trace.Service, model, input, output,
            failed, start, random.Next(150, 6000), trace.User, trace.Session);
    }

    private string Hex(int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        random.NextBytes(buffer);
        buffer[0] |= 1; // never all zeros, which OTLP forbids
        return Convert.ToHexStringLower(buffer);
    }
}
