namespace TraceGrains;

/// <summary>
/// The trace could not make a change durable (storage failed or refused it); nothing of the call
/// was acknowledged and the caller may retry.
/// </summary>
[GenerateSerializer, Alias("tg.store-unavailable")]
public sealed class TraceStoreUnavailableException : Exception
{
    public TraceStoreUnavailableException() { }
    public TraceStoreUnavailableException(string message) : base(message) { }
    public TraceStoreUnavailableException(string message, Exception inner) : base(message, inner) { }
}
