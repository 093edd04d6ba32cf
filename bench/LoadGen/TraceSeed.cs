namespace TraceGrains.Bench.LoadGen;

/// <summary>What the spans of one trace share.</summary>
internal sealed record TraceSeed(string TraceId, string Service, string User, string Session, LlmModel Model, DateTimeOffset Start);
