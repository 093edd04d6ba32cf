using Grpc.Core;
using Grpc.Net.Client;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace TraceGrains.Bench.LoadGen;

/// <summary>
/// OTLP/gRPC <c>TraceService/Export</c> with the request already serialized: the method is declared
/// over raw bytes, so sending costs no protobuf work. HTTP/2 over h2c; more connections are opened
/// when one's stream limit is reached.
/// </summary>
internal sealed class GrpcTarget : ITarget
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);
    private static readonly Method<byte[], byte[]> Export =
        new(MethodType.Unary, "opentelemetry.proto.collector.trace.v1.TraceService", "Export", Bytes, Bytes);

    private readonly GrpcChannel _channel;
    private readonly CallInvoker _invoker;
    private readonly Metadata _headers = [];
    private readonly TimeSpan _timeout;
    private readonly string _address;

    public GrpcTarget(LoadOptions o)
    {
        _address = $"http://127.0.0.1:{o.GrpcPort}";
        _channel = Channel(_address, o.Concurrency);
        _invoker = _channel.CreateCallInvoker();
        if (o.ApiKey is { } key) _headers.Add("authorization", $"Bearer {key}");
        _timeout = TimeSpan.FromSeconds(o.TimeoutSeconds);
    }

    public static GrpcChannel Channel(string address, int concurrency) => GrpcChannel.ForAddress(address, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            MaxConnectionsPerServer = Math.Max(1, (concurrency + 99) / 100),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            UseProxy = false,
        },
        MaxReceiveMessageSize = 64 * 1024 * 1024,
    });

    public string Describe => $"gRPC {_address} opentelemetry.proto.collector.trace.v1.TraceService/Export (h2c)";

    public async Task<Answer> SendAsync(PreparedRequest request, CancellationToken ct)
    {
        try
        {
            var options = new CallOptions(_headers, DateTime.UtcNow + _timeout, ct);
            var bytes = await _invoker.AsyncUnaryCall(Export, null, options, request.Body);
            try
            {
                var response = ExportTraceServiceResponse.Parser.ParseFrom(bytes);
                return new("OK", true, (int)(response.PartialSuccess?.RejectedSpans ?? 0), null, null);
            }
            catch (Google.Protobuf.InvalidProtocolBufferException)
            {
                return new("OK", true, 0, null, "unreadable answer body");
            }
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.DeadlineExceeded)
        {
            return new(e.StatusCode.ToString(), false, 0, null, "timeout");
        }
        catch (RpcException e)
        {
            // A status the server sent is an answer; one the client made up is a transport error.
            var transport = e.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Cancelled
                && e.Status.DebugException is not null;
            return new(e.StatusCode.ToString(), false, 0, null,
                transport ? HttpTarget.Kind(e.Status.DebugException!, ct) : null);
        }
    }

    public void Dispose() => _channel.Dispose();
}
