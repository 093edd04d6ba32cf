using Microsoft.AspNetCore.Builder;
using Grpc.Net.Client;
using TraceGrains.Api.V1;
using TraceGrains.TestSupport;

namespace TraceGrains.Api.Tests;

/// <summary>
/// The real API node (Kestrel on 127.0.0.1 with its co-hosted silo) on free ports, storing in a
/// given Azurite container; real HttpClient and gRPC clients talk to it.
/// </summary>
public sealed class ApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ApiHost(WebApplication app, int httpPort, int grpcPort, int otlpPort)
    {
        _app = app;
        HttpPort = httpPort;
        GrpcPort = grpcPort;
        OtlpPort = otlpPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        Query = new TraceQuery.TraceQueryClient(Channel);
    }

    public int HttpPort { get; }
    public int GrpcPort { get; }
    public int OtlpPort { get; }
    public HttpClient Http { get; }
    public GrpcChannel Channel { get; }
    public TraceQuery.TraceQueryClient Query { get; }
    public IServiceProvider Services => _app.Services;

    public static async Task<ApiHost> StartAsync(AzuriteServer azurite, string container, IDictionary<string, string?>? extra = null)
    {
        int httpPort = FreePorts.Next(), grpcPort = FreePorts.Next(), otlpPort = FreePorts.Next();
        var settings = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["TraceGrains:Api:HttpPort"] = httpPort.ToString(),
            ["TraceGrains:Api:GrpcPort"] = grpcPort.ToString(),
            ["TraceGrains:Api:OtlpHttpPort"] = otlpPort.ToString(),
            ["TraceGrains:Cluster:SiloPort"] = FreePorts.Next().ToString(),
            ["TraceGrains:Cluster:GatewayPort"] = FreePorts.Next().ToString(),
            ["TraceGrains:Cluster:ClusterId"] = "test-" + Spans.NewId(),
            ["TraceGrains:Storage:ConnectionString"] = azurite.ConnectionString,
            ["TraceGrains:Storage:ContainerName"] = container,
            ["TraceGrains:Storage:MaxRetries"] = "1",
            ["TraceGrains:Storage:RequestTimeoutSeconds"] = "6",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        var app = ApiApp.Build([], settings);
        await app.StartAsync();
        return new ApiHost(app, httpPort, grpcPort, otlpPort);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
