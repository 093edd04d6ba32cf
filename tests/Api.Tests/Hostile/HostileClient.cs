using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using TraceGrains.Api.V1;

namespace TraceGrains.Api.Tests.Hostile;

/// <summary>What the node answered: the status and the body as text.</summary>
public sealed record Answer(int Status, string Body)
{
    /// <summary>The problem-details <c>detail</c> and <c>field</c>, or the whole body when it is not one.</summary>
    public string Problem
    {
        get
        {
            try
            {
                var root = JsonDocument.Parse(Body).RootElement;
                if (root.ValueKind != JsonValueKind.Object) return Body;
                var detail = root.TryGetProperty("detail", out var d) ? d.ToString() : "";
                var named = root.TryGetProperty("field", out var f) ? f.ToString() : "";
                return detail.Length + named.Length == 0 ? Body : $"{named} | {detail}";
            }
            catch (JsonException)
            {
                return Body;
            }
        }
    }

    public override string ToString() => $"{Status} {(Body.Length > 600 ? Body[..600] + "…" : Body)}";
}

/// <summary>
/// Every request of the hostile tests goes out through here, over the host's own HttpClient and gRPC
/// channel, so that credentials (an API key header) are one change in one place.
/// </summary>
public sealed class HostileClient(ApiHost host)
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);
    private string? _anchorTrace;

    public ApiHost Host => host;

    public async Task<Answer> SendAsync(HttpMethod method, string path, HttpContent? content = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        // Like curl past 1 MB: wait for the node's word before sending a big body, so that a 413
        // arrives as an answer instead of a connection closed mid-upload.
        if (content?.Headers.ContentLength > 1024 * 1024) request.Headers.ExpectContinue = true;
        configure?.Invoke(request);
        using var response = await host.Http.SendAsync(request);
        if (response.Content.Headers.ContentType?.MediaType == "application/x-protobuf")
        {
            // OTLP's protobuf answer, shown in its JSON form so that assertions read one shape.
            var otlp = OpenTelemetry.Proto.Collector.Trace.V1.ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
            return new Answer((int)response.StatusCode, Google.Protobuf.JsonFormatter.Default.Format(otlp));
        }
        return new Answer((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public Task<Answer> PostAsync(string path, byte[] body, string? contentType, string? contentEncoding = null, Action<HttpRequestMessage>? configure = null)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (contentEncoding is not null) content.Headers.ContentEncoding.Add(contentEncoding);
        return SendAsync(HttpMethod.Post, path, content, configure);
    }

    public Task<Answer> PostJsonAsync(string path, string json) =>
        PostAsync(path, Encoding.UTF8.GetBytes(json), "application/json");

    public Task<Answer> GetAsync(string pathAndQuery) => SendAsync(HttpMethod.Get, pathAndQuery);

    /// <summary>A unary gRPC call with a message of raw bytes, so that it can be anything at all.</summary>
    public async Task<(StatusCode Code, string Detail, byte[] Reply)> CallRawAsync(string service, string method, byte[] message, bool gzip = false)
    {
        var call = new Method<byte[], byte[]>(MethodType.Unary, service, method, Bytes, Bytes);
        // Grpc.Net.Client compresses a call's message when asked by this header.
        var headers = gzip ? new Metadata { { "grpc-internal-encoding-request", "gzip" } } : null;
        try
        {
            var reply = await host.Channel.CreateCallInvoker().AsyncUnaryCall(call, null, new CallOptions(headers, DateTime.UtcNow.AddSeconds(30)), message);
            return (StatusCode.OK, "", reply);
        }
        catch (RpcException e)
        {
            return (e.StatusCode, e.Status.Detail, []);
        }
    }

    /// <summary>A typed gRPC call through the host's query client, as its status and detail.</summary>
    public static async Task<(StatusCode Code, string Detail)> StatusOf<T>(Func<Task<T>> call)
    {
        try
        {
            await call();
            return (StatusCode.OK, "");
        }
        catch (RpcException e)
        {
            return (e.StatusCode, e.Status.Detail);
        }
    }

    /// <summary>
    /// The node still takes and serves a valid log, and a trace acknowledged before the hostile
    /// cases began still reads back whole.
    /// </summary>
    public async Task AssertStillServesAsync(string because)
    {
        _anchorTrace ??= await WriteValidLogAsync("anchor");
        var fresh = await WriteValidLogAsync("alive");
        foreach (var trace in new[] { _anchorTrace, fresh })
        {
            var read = await host.Query.GetTraceAsync(new GetTraceRequest { TraceId = trace });
            Assert.True(read.Summary.SpanCount == 1, $"after {because}: trace {trace} reads back {read.Summary.SpanCount} spans");
        }
    }

    private async Task<string> WriteValidLogAsync(string name)
    {
        var trace = "hostile-" + Guid.NewGuid().ToString("N");
        var log = PortkeyLogs.Log(trace, "s1", spanName: name);
        var answer = await PostJsonAsync("/v1/logs", log.ToJsonString());
        Assert.True(answer.Status == 200, $"a valid log was refused: {answer}");
        return trace;
    }
}
