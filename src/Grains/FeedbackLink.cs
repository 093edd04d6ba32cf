namespace TraceGrains.Grains;

/// <summary>Stored state of a feedback link: the trace a feedback id belongs to.</summary>
[GenerateSerializer, Alias("tg.feedback-link")]
public sealed class FeedbackLink
{
    [Id(0)] public string? TraceId { get; set; }
}
