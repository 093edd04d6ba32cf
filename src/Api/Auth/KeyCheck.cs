namespace TraceGrains.Api.Auth;

/// <summary>The outcome of checking a presented key: a caller, or why not (for counting, never shown).</summary>
public readonly record struct KeyCheck(Caller? Caller, string? Refusal)
{
    public static KeyCheck Valid(Caller caller) => new(caller, null);
    public static KeyCheck Refused(string reason) => new(null, reason);
}
