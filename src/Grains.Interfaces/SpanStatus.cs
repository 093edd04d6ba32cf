namespace TraceGrains;

/// <summary>Outcome of a span, as OpenTelemetry and Portkey report it.</summary>
public enum SpanStatus
{
    /// <summary>The sender said nothing about the outcome.</summary>
    Unset = 0,
    Ok = 1,
    Error = 2,
}
