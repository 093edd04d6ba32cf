namespace TraceGrains;

/// <summary>Result of adding or updating feedback.</summary>
public enum FeedbackOutcome
{
    Saved = 0,
    /// <summary>The trace has no spans.</summary>
    TraceNotFound = 1,
    /// <summary>No feedback with that id on this trace.</summary>
    FeedbackNotFound = 2,
    /// <summary>The trace already holds the configured maximum of feedback.</summary>
    LimitReached = 3,
}
