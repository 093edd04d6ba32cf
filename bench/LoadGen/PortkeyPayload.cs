using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace TraceGrains.Bench.LoadGen;

/// <summary>
/// Planned spans as Portkey Insert Log JSON (as in tests/Api.Tests/PortkeyLogs.cs): the provider
/// request and response with usage, trace fields in <c>metadata</c>. One log is sent as an object,
/// several as an array.
/// </summary>
internal static class PortkeyPayload
{
    public static byte[] Build(IReadOnlyList<PlannedSpan> spans)
    {
        var buffer = new ArrayBufferWriter<byte>(spans.Count * 1500);
        using (var w = new Utf8JsonWriter(buffer))
        {
            if (spans.Count == 1) Log(w, spans[0]);
            else
            {
                w.WriteStartArray();
                foreach (var span in spans) Log(w, span);
                w.WriteEndArray();
            }
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void Log(Utf8JsonWriter w, PlannedSpan s)
    {
        var model = s.Model ?? throw new InvalidOperationException("Portkey logs are LLM calls; plan them with llmOnly.");
        w.WriteStartObject();
        w.WriteStartObject("request");
        w.WriteString("url", model.Url);
        w.WriteString("method", "POST");
        w.WriteString("provider", model.Provider);
        w.WriteStartObject("headers");
        w.WriteString("content-type", "application/json");
        w.WriteEndObject();
        w.WriteStartObject("body");
        w.WriteString("model", model.Name);
        w.WriteStartArray("messages");
        w.WriteStartObject();
        w.WriteString("role", "user");
        w.WriteString("content", Texts.Prompt(s.SpanId));
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartObject("response");
        w.WriteNumber("status", s.IsError ? 500 : 200);
        w.WriteStartObject("headers");
        w.WriteEndObject();
        w.WriteStartObject("body");
        if (s.IsError)
        {
            w.WriteStartObject("error");
            w.WriteString("message", Texts.ErrorMessage);
            w.WriteEndObject();
        }
        else
        {
            w.WriteString("id", $"chatcmpl-{s.SpanId}");
            w.WriteString("model", model.Name);
            w.WriteStartArray("choices");
            w.WriteStartObject();
            w.WriteStartObject("message");
            w.WriteString("role", "assistant");
            w.WriteString("content", Texts.Answer(s.SpanId));
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartObject("usage");
            w.WriteNumber("prompt_tokens", s.InputTokens ?? 0);
            w.WriteNumber("completion_tokens", s.OutputTokens ?? 0);
            w.WriteNumber("total_tokens", s.TotalTokens);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteNumber("response_time", Math.Round(s.DurationMs));
        w.WriteEndObject();

        w.WriteStartObject("metadata");
        w.WriteString("traceId", s.TraceId);
        w.WriteString("spanId", s.SpanId);
        if (s.ParentSpanId is not null) w.WriteString("parentSpanId", s.ParentSpanId);
        w.WriteString("spanName", s.Name);
        w.WriteString("startTime", s.Start.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        w.WriteString("endTime", s.Start.AddMilliseconds(s.DurationMs).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        w.WriteString("_user", s.User);
        w.WriteString("_environment", "bench");
        w.WriteString("session_id", s.Session);
        w.WriteString("service", s.Service);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
