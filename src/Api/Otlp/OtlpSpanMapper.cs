using System.Collections.Immutable;
using Google.Protobuf;
using TraceGrains.Grains.Tree;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OtelSpan = OpenTelemetry.Proto.Trace.V1.Span;
using OtelStatus = OpenTelemetry.Proto.Trace.V1.Status;

namespace TraceGrains.Api.Otlp;

/// <summary>
/// OTLP spans to span records, reading the OpenInference (<c>llm.*</c>) and OTel GenAI
/// (<c>gen_ai.*</c>) conventions for model, provider, tokens, cost, kind, user and session. A span
/// that cannot be mapped (bad id, end before start) is refused with a reason naming the field.
/// </summary>
public static class OtlpSpanMapper
{
    public sealed record Result(List<SpanRecord> Spans, List<string> Errors);

    private static readonly string[] ModelKeys = ["gen_ai.response.model", "gen_ai.request.model", "llm.model_name"];
    private static readonly string[] ProviderKeys = ["gen_ai.provider.name", "gen_ai.system", "llm.provider", "llm.system"];
    private static readonly string[] InputKeys = ["gen_ai.usage.input_tokens", "llm.token_count.prompt", "gen_ai.usage.prompt_tokens"];
    private static readonly string[] OutputKeys = ["gen_ai.usage.output_tokens", "llm.token_count.completion", "gen_ai.usage.completion_tokens"];
    private static readonly string[] TotalKeys = ["llm.token_count.total", "gen_ai.usage.total_tokens"];
    private const string KindKey = "openinference.span.kind";
    private const string ExceptionType = "exception.type", ExceptionMessage = "exception.message";
    private static readonly ImmutableDictionary<string, string> NoPairs = ImmutableDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Attributes that become span fields and so are not kept again as attributes.</summary>
    private static readonly HashSet<string> Mapped =
    [
        .. ModelKeys, .. ProviderKeys, .. InputKeys, .. OutputKeys, .. TotalKeys, KindKey,
        "llm.cost.total", "llm.cost.prompt", "llm.cost.completion", "user.id", "session.id",
    ];

    /// <param name="idErrors">Spans (by position in the request) whose ids could not be decoded.</param>
    public static Result Map(ExportTraceServiceRequest request, IReadOnlyDictionary<int, string>? idErrors = null)
    {
        var result = new Result([], []);
        var index = 0;
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var service = resourceSpans.Resource?.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value?.StringValue;
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                foreach (var span in scopeSpans.Spans)
                {
                    try
                    {
                        if (idErrors?.GetValueOrDefault(index) is { } idError) throw new FormatException(idError);
                        result.Spans.Add(MapSpan(span, service));
                    }
                    catch (FormatException e)
                    {
                        result.Errors.Add($"spans[{index}]: {e.Message}");
                    }
                    index++;
                }
            }
        }
        return result;
    }

    private static SpanRecord MapSpan(OtelSpan span, string? service)
    {
        var traceId = Id(span.TraceId, 16, "traceId") ?? throw new FormatException("traceId: missing");
        var spanId = Id(span.SpanId, 8, "spanId") ?? throw new FormatException("spanId: missing");
        var parentId = Id(span.ParentSpanId, 8, "parentSpanId");
        var start = Time(span.StartTimeUnixNano);
        var end = Time(span.EndTimeUnixNano);
        if (start is { } s && end is { } e && e < s) throw new FormatException("endTimeUnixNano: before startTimeUnixNano");

        var attributes = new Dictionary<string, AnyValue>(span.Attributes.Count, StringComparer.Ordinal);
        foreach (var kv in span.Attributes) attributes.TryAdd(kv.Key, kv.Value ?? new AnyValue());

        var exception = ExceptionOf(span);
        var (status, message) = Status(span, exception);
        var cost = OtlpValues.Money(attributes.GetValueOrDefault("llm.cost.total"));
        if (cost is null && OtlpValues.Money(attributes.GetValueOrDefault("llm.cost.prompt")) is { } prompt
            && OtlpValues.Money(attributes.GetValueOrDefault("llm.cost.completion")) is { } completion)
            cost = prompt + completion;

        var metadata = NoPairs;
        if (OtlpValues.Text(attributes.GetValueOrDefault("user.id")) is { } user) metadata = metadata.Add("user", user);
        if (OtlpValues.Text(attributes.GetValueOrDefault("session.id")) is { } session) metadata = metadata.Add("session", session);

        var kept = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in attributes)
        {
            // Pooled keys and short values: the trace holds them as they are instead of copying each span's.
            if (!Mapped.Contains(key) && OtlpValues.Text(value) is { } text) kept[StringPool.Intern(key)!] = StringPool.InternValue(text)!;
        }
        if (exception.Type is { } exceptionType) kept.TryAdd(ExceptionType, exceptionType);
        if (exception.Message is { } exceptionMessage) kept.TryAdd(ExceptionMessage, exceptionMessage);

        return new SpanRecord(
            traceId, spanId, parentId,
            span.Name.Length == 0 ? null : span.Name,
            OtlpValues.Text(attributes.GetValueOrDefault(KindKey))?.ToUpperInvariant() ?? Kind(span.Kind),
            start, end, status, message, service,
            OtlpValues.Text(First(attributes, ProviderKeys)), OtlpValues.Text(First(attributes, ModelKeys)),
            OtlpValues.Count(First(attributes, InputKeys)), OtlpValues.Count(First(attributes, OutputKeys)),
            OtlpValues.Count(First(attributes, TotalKeys)),
            cost, cost is null ? CostSource.Unknown : CostSource.Provided,
            metadata, kept.ToImmutable());
    }

    /// <summary>The value of the first of <paramref name="keys"/> present.</summary>
    private static AnyValue? First(Dictionary<string, AnyValue> attributes, string[] keys)
    {
        foreach (var key in keys)
        {
            if (attributes.TryGetValue(key, out var value)) return value;
        }
        return null;
    }

    private static string? Id(ByteString bytes, int length, string field)
    {
        if (bytes.IsEmpty) return null;
        if (bytes.Length != length)
            throw new FormatException($"{field}: must be {length} bytes ({length * 2} hex characters), got {bytes.Length}");
        var span = bytes.Span;
        if (!span.ContainsAnyExcept((byte)0)) throw new FormatException($"{field}: must not be all zeros");
        return Convert.ToHexStringLower(span);
    }

    private static DateTimeOffset? Time(ulong unixNanos)
    {
        // Any 64-bit count of nanoseconds ends before the year 2555, well inside DateTimeOffset.
        if (unixNanos == 0) return null;
        return DateTimeOffset.UnixEpoch.AddTicks((long)(unixNanos / 100));
    }

    private static (SpanStatus, string?) Status(OtelSpan span, (string? Type, string? Message) exception)
    {
        var code = span.Status?.Code ?? OtelStatus.Types.StatusCode.Unset;
        if (code != OtelStatus.Types.StatusCode.Error)
            return (code == OtelStatus.Types.StatusCode.Ok ? SpanStatus.Ok : SpanStatus.Unset, null);
        var (type, text) = exception;
        var fromEvent = type is not null && text is not null ? $"{type}: {text}" : type ?? text;
        var message = span.Status!.Message is { Length: > 0 } m ? m : fromEvent;
        return (SpanStatus.Error, message);
    }

    /// <summary>The type and message of the span's first <c>exception</c> event (the last of each, if repeated).</summary>
    private static (string? Type, string? Message) ExceptionOf(OtelSpan span)
    {
        foreach (var e in span.Events)
        {
            if (e.Name != "exception") continue;
            string? type = null, message = null;
            foreach (var kv in e.Attributes)
            {
                if (kv.Key == ExceptionType && OtlpValues.Text(kv.Value) is { } t) type = t;
                else if (kv.Key == ExceptionMessage && OtlpValues.Text(kv.Value) is { } m) message = m;
            }
            return (type, message);
        }
        return (null, null);
    }

    private static string? Kind(OtelSpan.Types.SpanKind kind) => kind switch
    {
        OtelSpan.Types.SpanKind.Internal => "INTERNAL",
        OtelSpan.Types.SpanKind.Server => "SERVER",
        OtelSpan.Types.SpanKind.Client => "CLIENT",
        OtelSpan.Types.SpanKind.Producer => "PRODUCER",
        OtelSpan.Types.SpanKind.Consumer => "CONSUMER",
        _ => null,
    };
}
