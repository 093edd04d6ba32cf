using System.IO.Compression;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using TraceGrains.Api.Auth;
using TraceGrains.Api.Hosting;
using TraceGrains.Api.Portkey;

using TraceGrains.Api.Errors;
using TraceGrains.Grains;

namespace TraceGrains.Api.Otlp;

/// <summary>OTLP/HTTP: <c>POST /v1/traces</c> in protobuf or JSON, optionally gzip-compressed.</summary>
public static class OtlpHttpEndpoints
{
    private const string Protobuf = "application/x-protobuf";
    private const string Json = "application/json";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/traces", async (HttpContext http, OtlpReceiver receiver, ApiOptions options, CancellationToken ct) =>
        {
            var mediaType = http.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
            if (mediaType is not (Protobuf or Json))
                throw new FieldException("Content-Type", $"'{http.Request.ContentType}' is not supported; send {Protobuf} or {Json}",
                    StatusCodes.Status415UnsupportedMediaType);

            JsonBody.RefuseDeclaredOversize(http.Request);
            ExportTraceServiceRequest request;
            Dictionary<int, string>? idErrors;
            using (var body = await ReadBodyAsync(http.Request, options.MaxRequestBodyBytes, ct))
                (request, idErrors) = Parse(body.Memory, mediaType == Protobuf);
            var response = await receiver.ExportAsync(http.WorkspaceId(), request, idErrors);
            return mediaType == Protobuf
                ? Results.Bytes(response.ToByteArray(), Protobuf)
                : Results.Text(JsonFormatter.Default.Format(response), Json);
        }).RequireAuthorization(AuthPolicies.Workspace);

    /// <summary>A request body as an export request; throws <see cref="FieldException"/> for anything else.</summary>
    public static (ExportTraceServiceRequest Request, Dictionary<int, string>? IdErrors) Parse(ReadOnlyMemory<byte> body, bool protobuf)
    {
        try
        {
            return protobuf ? (ExportTraceServiceRequest.Parser.ParseFrom(body.Span), null) : OtlpJson.Parse(body);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new FieldException("body", $"not an OTLP ExportTraceServiceRequest: {e.Message}");
        }
    }

    /// <summary>
    /// The body, gunzipped when so encoded, in an array rented from the shared pool (sized from
    /// Content-Length when there is one) and returned on dispose: the parsed request copies what it
    /// keeps, and a fresh buffer per request was a quarter of what the OTLP load run allocated.
    /// Either form over the limit is a 413.
    /// </summary>
    private static async Task<PooledBody> ReadBodyAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        var encoding = request.Headers.ContentEncoding.ToString().Trim().ToLowerInvariant();
        Stream source = encoding switch
        {
            "" or "identity" => request.Body,
            "gzip" => new GZipStream(request.Body, CompressionMode.Decompress),
            _ => throw new FieldException("Content-Encoding", $"'{encoding}' is not supported; send gzip or nothing",
                StatusCodes.Status415UnsupportedMediaType),
        };
        // One byte beyond the declared length, so the read that finds the end needs no larger buffer.
        var expected = encoding is "gzip" ? 0 : request.ContentLength.GetValueOrDefault();
        var body = new PooledBody((int)Math.Clamp(expected + 1, 4096, Math.Min(limit + 1, Array.MaxLength)));
        await using (source)
        {
            try
            {
                while (true)
                {
                    var read = await source.ReadAsync(body.Free(), ct);
                    if (read == 0) return body;
                    if (body.Length + read > limit)
                        throw new FieldException("body", $"larger than the limit of {limit} bytes (after decompression)",
                            StatusCodes.Status413PayloadTooLarge, "MaxRequestBodyBytes");
                    body.Length += read;
                }
            }
            catch (Exception e)
            {
                body.Dispose();
                if (e is InvalidDataException) throw new FieldException("body", $"not valid gzip: {e.Message}");
                throw;
            }
        }
    }

    /// <summary>A body read into a rented array; <see cref="Dispose"/> gives the array back.</summary>
    private sealed class PooledBody(int capacity) : IDisposable
    {
        private byte[]? _array = PooledBytes.Rent(capacity);

        public int Length { get; set; }

        public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, Length);

        /// <summary>The unused rest of the array, doubled first when there is none.</summary>
        public Memory<byte> Free()
        {
            var array = _array ?? throw new ObjectDisposedException(nameof(PooledBody));
            if (Length == array.Length)
            {
                PooledBytes.Grow(ref array, Length);
                _array = array;
            }
            return array.AsMemory(Length);
        }

        public void Dispose()
        {
            if (_array is { } array) PooledBytes.Return(array);
            _array = null;
        }
    }
}
