namespace TraceGrains;

/// <summary>Why one span of a batch was refused.</summary>
/// <param name="Index">Position of the span in the batch.</param>
/// <param name="SpanId">The refused span's id.</param>
/// <param name="Reason">Machine-readable reason.</param>
/// <param name="Message">Human-readable explanation naming the field and the limit.</param>
[GenerateSerializer, Immutable, Alias("tg.span-rejection")]
public sealed record SpanRejection(
    [property: Id(0)] int Index,
    [property: Id(1)] string SpanId,
    [property: Id(2)] RejectionReason Reason,
    [property: Id(3)] string Message);
