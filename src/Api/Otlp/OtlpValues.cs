using System.Globalization;
using System.Text;
using System.Text.Json;
using OpenTelemetry.Proto.Common.V1;

namespace TraceGrains.Api.Otlp;

/// <summary>OTLP attribute values as text and numbers.</summary>
internal static class OtlpValues
{
    public static string? Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
        AnyValue.ValueOneofCase.ArrayValue or AnyValue.ValueOneofCase.KvlistValue => Json(value),
        _ => null,
    };

    public static long? Count(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.IntValue when value.IntValue >= 0 => value.IntValue,
        AnyValue.ValueOneofCase.DoubleValue when double.IsFinite(value.DoubleValue) && value.DoubleValue >= 0 && value.DoubleValue < 1e15 => (long)value.DoubleValue,
        AnyValue.ValueOneofCase.StringValue when long.TryParse(value.StringValue, NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };

    public static decimal? Money(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.DoubleValue when double.IsFinite(value.DoubleValue) && value.DoubleValue is >= 0 and <= 1e6 => (decimal)value.DoubleValue,
        AnyValue.ValueOneofCase.IntValue when value.IntValue is >= 0 and <= 1_000_000 => value.IntValue,
        AnyValue.ValueOneofCase.StringValue when decimal.TryParse(value.StringValue, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d is >= 0 and <= 1_000_000 => d,
        _ => null,
    };

    private static string Json(AnyValue value)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) Write(writer, value, depth: 0);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, AnyValue value, int depth)
    {
        // Protobuf parsing already bounds nesting (recursion limit 100); stop early all the same.
        if (depth > 32) { writer.WriteStringValue("…"); return; }
        switch (value.ValueCase)
        {
            case AnyValue.ValueOneofCase.ArrayValue:
                writer.WriteStartArray();
                foreach (var item in value.ArrayValue.Values) Write(writer, item, depth + 1);
                writer.WriteEndArray();
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                writer.WriteStartObject();
                foreach (var kv in value.KvlistValue.Values)
                {
                    writer.WritePropertyName(kv.Key);
                    Write(writer, kv.Value ?? new AnyValue(), depth + 1);
                }
                writer.WriteEndObject();
                break;
            case AnyValue.ValueOneofCase.IntValue: writer.WriteNumberValue(value.IntValue); break;
            case AnyValue.ValueOneofCase.DoubleValue when double.IsFinite(value.DoubleValue): writer.WriteNumberValue(value.DoubleValue); break;
            case AnyValue.ValueOneofCase.BoolValue: writer.WriteBooleanValue(value.BoolValue); break;
            case AnyValue.ValueOneofCase.None: writer.WriteNullValue(); break;
            default: writer.WriteStringValue(Text(value)); break;
        }
    }
}
