namespace TraceGrains.Bench.LoadGen;

/// <summary>A request body built ahead of sending, and the spans it carries.</summary>
internal sealed record PreparedRequest(byte[] Body, PlannedSpan[] Spans);
