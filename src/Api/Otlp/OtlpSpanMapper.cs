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

        var attributes = new Dictionary<string, AnyValue>(StringComparer.Ordinal);
        foreach (var kv in span.Attributes) attributes.TryAdd(kv.Key, kv.Value ?? new AnyValue());
        AnyValue? First(string[] keys) => keys.Select(k => attributes.GetValueOrDefault(k)).FirstOrDefault(v => v is not null);

        var (status, message) = Status(span);
        var cost = OtlpValues.Money(attributes.GetValueOrDefault("llm.cost.total"));
        if (cost is null && OtlpValues.Money(attributes.GetValueOrDefault("llm.cost.prompt")) is { } prompt
            && OtlpValues.Money(attributes.GetValueOrDefault("llm.cost.completion")) is { } completion)
            cost = prompt + completion;

        var metadata = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        if (OtlpValues.Text(attributes.GetValueOrDefault("user.id")) is { } user) metadata["user"] = user;
        if (OtlpValues.Text(attributes.GetValueOrDefault("session.id")) is { } session) metadata["session"] = session;

        var kept = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in attributes)
        {
            // Pooled keys and short values: the trace holds them as they are instead of copying each span's.
            if (!Mapped.Contains(key) && OtlpValues.Text(value) is { } text) kept[StringPool.Intern(key)!] = StringPool.InternValue(text)!;
        }
        foreach (var (key, value) in ExceptionOf(span)) kept.TryAdd(key, value);

        return new SpanRecord(
            traceId, spanId, parentId,
            span.Name.Length == 0 ? null : span.Name,
            OtlpValues.Text(attributes.GetValueOrDefault(KindKey))?.ToUpperInvariant() ?? Kind(span.Kind),
            start, end, status, message, service,
            OtlpValues.Text(First(ProviderKeys)), OtlpValues.Text(First(ModelKeys)),
            OtlpValues.Count(First(InputKeys)), OtlpValues.Count(First(OutputKeys)), OtlpValues.Count(First(TotalKeys)),
            cost, cost is null ? CostSource.Unknown : CostSource.Provided,
            metadata.ToImmutable(), kept.ToImmutable());
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

    private static (SpanStatus, string?) Status(OtelSpan span)
    {
        var code = span.Status?.Code ?? OtelStatus.Types.StatusCode.Unset;
        if (code != OtelStatus.Types.StatusCode.Error)
            return (code == OtelStatus.Types.StatusCode.Ok ? SpanStatus.Ok : SpanStatus.Unset, null);
        var exception = ExceptionOf(span);
        var fromEvent = exception.Count == 0 ? null
            : string.Join(": ", new[] { exception.GetValueOrDefault("exception.type"), exception.GetValueOrDefault("exception.message") }.Where(x => x is not null));
        var message = span.Status!.Message is { Length: > 0 } m ? m : fromEvent;
        return (SpanStatus.Error, message);
    }

    /// <summary>The type and message of the span's first <c>exception</c> event.</summary>
    private static Dictionary<string, string> ExceptionOf(OtelSpan span)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var exception = span.Events.FirstOrDefault(e => e.Name == "exception");
        if (exception is null) return found;
        foreach (var kv in exception.Attributes)
        {
            if (kv.Key is "exception.type" or "exception.message" && OtlpValues.Text(kv.Value) is { } text) found[kv.Key] = text;
        }
        return found;
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
