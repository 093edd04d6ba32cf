using System.IO.Compression;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using TraceGrains.Api.Auth;
using TraceGrains.Api.Hosting;
using TraceGrains.Api.Portkey;

using TraceGrains.Api.Errors;

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
            var body = await ReadBodyAsync(http.Request, options.MaxRequestBodyBytes, ct);
            var (request, idErrors) = Parse(body, mediaType == Protobuf);
            var response = await receiver.ExportAsync(http.WorkspaceId(), request, idErrors);
            return mediaType == Protobuf
                ? Results.Bytes(response.ToByteArray(), Protobuf)
                : Results.Text(JsonFormatter.Default.Format(response), Json);
        }).RequireAuthorization(AuthPolicies.Workspace);

    /// <summary>A request body as an export request; throws <see cref="FieldException"/> for anything else.</summary>
    public static (ExportTraceServiceRequest Request, Dictionary<int, string>? IdErrors) Parse(byte[] body, bool protobuf)
    {
        try
        {
            return protobuf ? (ExportTraceServiceRequest.Parser.ParseFrom(body), null) : OtlpJson.Parse(body);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new FieldException("body", $"not an OTLP ExportTraceServiceRequest: {e.Message}");
        }
    }

    /// <summary>The body, gunzipped when so encoded; either form over the limit is a 413.</summary>
    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        var encoding = request.Headers.ContentEncoding.ToString().Trim().ToLowerInvariant();
        Stream source = encoding switch
        {
            "" or "identity" => request.Body,
            "gzip" => new GZipStream(request.Body, CompressionMode.Decompress),
            _ => throw new FieldException("Content-Encoding", $"'{encoding}' is not supported; send gzip or nothing",
                StatusCodes.Status415UnsupportedMediaType),
        };
        await using (source)
        {
            var buffer = new MemoryStream();
            var chunk = new byte[81920];
            try
            {
                int read;
                while ((read = await source.ReadAsync(chunk, ct)) > 0)
                {
                    if (buffer.Length + read > limit)
                        throw new FieldException("body", $"larger than the limit of {limit} bytes (after decompression)",
                            StatusCodes.Status413PayloadTooLarge, "MaxRequestBodyBytes");
                    buffer.Write(chunk, 0, read);
                }
            }
            catch (InvalidDataException e)
            {
                throw new FieldException("body", $"not valid gzip: {e.Message}");
            }
            return buffer.ToArray();
        }
    }
}
