using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace TraceGrains.Bench.LoadGen;

/// <summary>
/// HTTP/1.1 POSTs over kept-alive connections, as many as requests in flight. Answers are read
/// whole; no retry, whatever the status: 429 and 503 are counted like any other answer.
/// </summary>
internal sealed class HttpTarget : ITarget
{
    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly string _contentType;
    private readonly string _kind;
    private readonly (string Name, string Value)? _auth;

    public HttpTarget(LoadOptions o)
    {
        _kind = o.PayloadKind;
        (_url, _contentType) = o.Workload switch
        {
            "otlp-http" => (new Uri($"http://127.0.0.1:{o.OtlpPort}/v1/traces"), "application/x-protobuf"),
            "portkey" => (new Uri($"http://127.0.0.1:{o.HttpPort}/v1/logs"), "application/json"),
            _ => (new Uri($"http://127.0.0.1:{o.BarePort}/"), _kind == "portkey" ? "application/json" : "application/x-protobuf"),
        };
        if (o.ApiKey is { } key)
            _auth = o.Workload == "portkey" ? ("x-portkey-api-key", key) : ("Authorization", $"Bearer {key}");
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = o.Concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        _http = new HttpClient(handler)
        {
            Timeout = TimeSpan.FromSeconds(o.TimeoutSeconds),
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    public string Describe => $"POST {_url} ({_contentType}, HTTP/1.1 keep-alive)";

    public async Task<Answer> SendAsync(PreparedRequest request, CancellationToken ct)
    {
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(request.Body) };
            message.Content.Headers.ContentType = new MediaTypeHeaderValue(_contentType);
            if (_auth is { } auth) message.Headers.TryAddWithoutValidation(auth.Name, auth.Value);
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, ct);
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!response.IsSuccessStatusCode) return new(status, false, 0, null, null);
            try
            {
                return _kind switch
                {
                    _ when body.Length == 0 => new(status, true, 0, null, null),
                    "otlp-http" when _url.AbsolutePath == "/v1/traces" => OtlpAnswer(status, body),
                    "portkey" when _url.AbsolutePath == "/v1/logs" => PortkeyAnswer(status, body),
                    _ => new(status, true, 0, null, null),
                };
            }
            catch (Exception e) when (e is Google.Protobuf.InvalidProtocolBufferException or JsonException)
            {
                // A 2xx acknowledges the request; an answer we cannot read is still worth counting.
                return new(status, true, 0, null, "unreadable answer body");
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return Answer.Failed(Kind(e, ct));
        }
    }

    internal static string Kind(Exception e, CancellationToken ct) => e switch
    {
        TaskCanceledException when ct.IsCancellationRequested => "cancelled",
        TaskCanceledException => "timeout",
        HttpRequestException { InnerException: SocketException s } => $"socket {s.SocketErrorCode}",
        SocketException s => $"socket {s.SocketErrorCode}",
        HttpRequestException h when h.HttpRequestError != HttpRequestError.Unknown => $"http {h.HttpRequestError}",
        _ => e.GetType().Name,
    };

    private static Answer OtlpAnswer(string status, byte[] body)
    {
        var response = ExportTraceServiceResponse.Parser.ParseFrom(body);
        var rejected = (int)(response.PartialSuccess?.RejectedSpans ?? 0);
        return new(status, true, rejected, null, null);
    }

    /// <summary>The node answers <c>{"results":[{"accepted":true,...},...]}</c>, one result per log in order.</summary>
    private static Answer PortkeyAnswer(string status, byte[] body)
    {
        List<int>? rejected = null;
        var reader = new Utf8JsonReader(body);
        var index = 0;
        for (var tokens = 0; tokens < 10_000_000 && reader.Read(); tokens++)
        {
            if (reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("accepted"u8)) continue;
            reader.Read();
            if (reader.TokenType == JsonTokenType.False) (rejected ??= []).Add(index);
            index++;
        }
        return new(status, true, rejected?.Count ?? 0, rejected, null);
    }

    public void Dispose() => _http.Dispose();
}
