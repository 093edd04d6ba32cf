namespace TraceGrains.Api.Errors;

/// <summary>
/// A client mistake in a query or export, worded "field: problem". Answered with 400 or
/// INVALID_ARGUMENT; distinct from ArgumentException so that a bug never passes for a client error.
/// </summary>
public sealed class BadRequestException(string message) : Exception(message)
{
    public string Field => Message.IndexOf(": ", StringComparison.Ordinal) is > 0 and var at ? Message[..at] : "request";
    public string Problem => Message.IndexOf(": ", StringComparison.Ordinal) is > 0 and var at ? Message[(at + 2)..] : Message;
}
