namespace TraceGrains.Api.Portkey;

/// <summary>Portkey's trace headers and W3C traceparent, the fallbacks for a log's trace fields.</summary>
public sealed record TraceHeaders(string? TraceId, string? SpanId, string? SpanName, string? ParentSpanId)
{
    public const string TraceIdHeader = "x-portkey-trace-id";
    public const string SpanIdHeader = "x-portkey-span-id";
    public const string SpanNameHeader = "x-portkey-span-name";
    public const string ParentSpanIdHeader = "x-portkey-parent-span-id";

    public static TraceHeaders From(IHeaderDictionary headers)
    {
        static string? Get(IHeaderDictionary h, string name) => h.TryGetValue(name, out var v) && v.Count > 0 ? v[0] : null;
        var (w3cTrace, w3cParent) = ParseTraceparent(Get(headers, "traceparent"));
        return new TraceHeaders(
            Get(headers, TraceIdHeader) ?? w3cTrace,
            Get(headers, SpanIdHeader),
            Get(headers, SpanNameHeader),
            Get(headers, ParentSpanIdHeader) ?? w3cParent);
    }

    /// <summary>
    /// <c>version-traceid-parentid-flags</c>; the parent id is the caller's span, so it becomes this
    /// log's parent. A malformed header is ignored, as the W3C specification asks.
    /// </summary>
    internal static (string? TraceId, string? ParentId) ParseTraceparent(string? value)
    {
        var parts = value?.Trim().Split('-');
        if (parts is not { Length: >= 4 } || parts[0].Length != 2 || parts[1].Length != 32 || parts[2].Length != 16)
            return (null, null);
        if (!IsHex(parts[1]) || !IsHex(parts[2]) || parts[1].All(c => c == '0') || parts[2].All(c => c == '0'))
            return (null, null);
        return (parts[1].ToLowerInvariant(), parts[2].ToLowerInvariant());
    }

    private static bool IsHex(string s) => s.All(char.IsAsciiHexDigit);
}
