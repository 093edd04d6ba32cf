using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Grpc.Net.Client;
using TraceGrains.Api.V1;
using TraceGrains.TestSupport;

namespace TraceGrains.Api.Tests;

/// <summary>
/// The real API node (Kestrel on 127.0.0.1 with its co-hosted silo) on free ports, storing in a
/// given Azurite container; real HttpClient and gRPC clients talk to it. The node is given an admin
/// key and a development key of workspace <c>default</c>; <see cref="Http"/>, <see cref="Channel"/>
/// and <see cref="Query"/> carry the development key, so tests read and write that workspace.
/// </summary>
public sealed class ApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ApiHost(WebApplication app, int httpPort, int grpcPort, int otlpPort, string apiKey, string adminKey)
    {
        _app = app;
        HttpPort = httpPort;
        GrpcPort = grpcPort;
        OtlpPort = otlpPort;
        ApiKey = apiKey;
        AdminKey = adminKey;
        Http = Client(apiKey);
        AdminHttp = Client(adminKey);
        Channel = OpenChannel(apiKey);
        Query = new TraceQuery.TraceQueryClient(Channel);
    }

    public int HttpPort { get; }
    public int GrpcPort { get; }
    public int OtlpPort { get; }
    /// <summary>The development key (workspace <c>default</c>).</summary>
    public string ApiKey { get; }
    public string AdminKey { get; }
    public HttpClient Http { get; }
    public HttpClient AdminHttp { get; }
    public GrpcChannel Channel { get; }
    public TraceQuery.TraceQueryClient Query { get; }
    public IServiceProvider Services => _app.Services;

    /// <summary>An HttpClient on the REST port sending <paramref name="key"/> as a Bearer token (none if null).</summary>
    public HttpClient Client(string? key) => key is null
        ? new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}") }
        : new HttpClient(KeyHeaderHandler.Bearer(key)) { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}") };

    /// <summary>A gRPC channel whose every call carries <paramref name="key"/> (none if null).</summary>
    public GrpcChannel OpenChannel(string? key) => GrpcChannel.ForAddress($"http://127.0.0.1:{GrpcPort}",
        key is null ? new GrpcChannelOptions() : new GrpcChannelOptions { HttpHandler = KeyHeaderHandler.Bearer(key) });

    /// <summary>Creates a workspace through the admin API and returns a new key of it.</summary>
    public async Task<string> NewWorkspaceKeyAsync(string? workspace = null)
    {
        workspace ??= "ws-" + Spans.NewId()[..12];
        var created = await AdminHttp.PostAsJsonAsync("/v1/admin/workspaces", new { id = workspace });
        if (created.StatusCode != System.Net.HttpStatusCode.Conflict) created.EnsureSuccessStatusCode();
        var key = await AdminHttp.PostAsJsonAsync($"/v1/admin/workspaces/{workspace}/keys", new { name = "test" });
        key.EnsureSuccessStatusCode();
        return (await key.Content.ReadFromJsonAsync<CreatedKey>())!.key;
    }

    private sealed record CreatedKey(string key, string key_id, string workspace_id);

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
            ["TraceGrains:Auth:AdminKey"] = "test-admin-" + Spans.NewId(),
            ["TraceGrains:Auth:DevKey"] = Auth.ApiKey.Generate().ToString(),
            ["TraceGrains:Auth:PrintKeys"] = "false",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        var app = ApiApp.Build([], settings);
        await app.StartAsync();
        return new ApiHost(app, httpPort, grpcPort, otlpPort, settings["TraceGrains:Auth:DevKey"]!, settings["TraceGrains:Auth:AdminKey"]!);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        AdminHttp.Dispose();
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
