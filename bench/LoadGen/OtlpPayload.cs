using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;
using OtelSpan = OpenTelemetry.Proto.Trace.V1.Span;

namespace TraceGrains.Bench.LoadGen;

/// <summary>
/// Planned spans as an OTLP <see cref="ExportTraceServiceRequest"/>: one resource per service
/// (<c>service.name</c>), OpenInference and OTel GenAI attributes on each span, ERROR status with an
/// <c>exception</c> event on failed ones.
/// </summary>
internal static class OtlpPayload
{
    public static ExportTraceServiceRequest Request(IReadOnlyList<PlannedSpan> spans)
    {
        var request = new ExportTraceServiceRequest();
        foreach (var group in spans.GroupBy(s => s.Service))
        {
            var resource = new Resource();
            resource.Attributes.Add(Text("service.name", group.Key));
            resource.Attributes.Add(Text("service.version", "1.4.2"));
            resource.Attributes.Add(Text("telemetry.sdk.language", "python"));
            var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "openinference.instrumentation.openai", Version = "0.1.30" } };
            foreach (var span in group) scope.Spans.Add(Span(span));
            var resourceSpans = new ResourceSpans { Resource = resource };
            resourceSpans.ScopeSpans.Add(scope);
            request.ResourceSpans.Add(resourceSpans);
        }
        return request;
    }

    public static byte[] Build(IReadOnlyList<PlannedSpan> spans) => Request(spans).ToByteArray();

    private static OtelSpan Span(PlannedSpan s)
    {
        var startNanos = (ulong)(s.Start - DateTimeOffset.UnixEpoch).Ticks * 100UL;
        var span = new OtelSpan
        {
            TraceId = ByteString.CopyFrom(Convert.FromHexString(s.TraceId)),
            SpanId = ByteString.CopyFrom(Convert.FromHexString(s.SpanId)),
            Name = s.Name,
            Kind = s.Kind == "LLM" ? OtelSpan.Types.SpanKind.Client : OtelSpan.Types.SpanKind.Internal,
            StartTimeUnixNano = startNanos,
            EndTimeUnixNano = startNanos + (ulong)(s.DurationMs * 1_000_000),
        };
        if (s.ParentSpanId is not null) span.ParentSpanId = ByteString.CopyFrom(Convert.FromHexString(s.ParentSpanId));
        var a = span.Attributes;
        a.Add(Text("openinference.span.kind", s.Kind));
        a.Add(Text("user.id", s.User));
        a.Add(Text("session.id", s.Session));
        if (s.Model is { } model)
        {
            a.Add(Text("gen_ai.operation.name", "chat"));
            a.Add(Text("gen_ai.system", model.Provider));
            a.Add(Text("gen_ai.request.model", model.Name));
            a.Add(Text("llm.model_name", model.Name));
            a.Add(Text("input.value", Texts.Prompt(s.SpanId)));
            a.Add(Text("input.mime_type", "text/plain"));
        }
        if (s.InputTokens is { } input && s.OutputTokens is { } output)
        {
            a.Add(Text("gen_ai.response.model", s.Model!.Name));
            a.Add(Int("gen_ai.usage.input_tokens", input));
            a.Add(Int("gen_ai.usage.output_tokens", output));
            a.Add(Int("llm.token_count.prompt", input));
            a.Add(Int("llm.token_count.completion", output));
            a.Add(Int("llm.token_count.total", input + output));
            a.Add(Text("output.value", Texts.Answer(s.SpanId)));
        }
        if (s.Kind == "TOOL") a.Add(Text("tool.name", s.Name["tool.".Length..]));
        if (s.IsError)
        {
            span.Status = new Status { Code = Status.Types.StatusCode.Error, Message = Texts.ErrorMessage };
            var exception = new OtelSpan.Types.Event { Name = "exception", TimeUnixNano = span.EndTimeUnixNano };
            exception.Attributes.Add(Text("exception.type", "APIStatusError"));
            exception.Attributes.Add(Text("exception.message", Texts.ErrorMessage));
            span.Events.Add(exception);
        }
        else
        {
            span.Status = new Status { Code = Status.Types.StatusCode.Ok };
        }
        return span;
    }

    private static KeyValue Text(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
    private static KeyValue Int(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };
}
