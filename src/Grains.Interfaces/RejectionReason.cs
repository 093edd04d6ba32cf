namespace TraceGrains;

/// <summary>Why a span was refused; each reason is counted by the service's meter.</summary>
public enum RejectionReason
{
    SelfParent = 1,
    ParentCycle = 2,
    TooManySpansInTrace = 3,
    TooManyAttributes = 4,
    AttributeValueTooLarge = 5,
    TooManyMetadataEntries = 6,
    WrongTrace = 7,
    Invalid = 8,
    /// <summary>A name, model, provider, service, kind, status message or map key over the value size limit.</summary>
    TextTooLarge = 9,
}
