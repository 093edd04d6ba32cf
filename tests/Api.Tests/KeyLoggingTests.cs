using System.Net;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TraceGrains.Api.V1;
using TraceGrains.TestSupport;
using static TraceGrains.Api.Tests.PortkeyLogs;
using static TraceGrains.TestSupport.Spans;

namespace TraceGrains.Api.Tests;

public sealed class KeyLoggingTests
{
    /// <summary>Everything logged at Trace level while valid, unknown, revoked and admin keys are used: no secret in it.</summary>
    [Fact]
    public async Task KeysUsedRefusedAndRevoked_NeverAppearInTheLogs()
    {
        var logs = new CapturedLogs();
        await using var azurite = await AzuriteServer.StartAsync();
        await using var host = await ApiHost.StartAsync(azurite, "keylogs",
            new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace" },
            b => b.Services.AddLogging(l => l.AddProvider(logs)));
        var unknown = Auth.ApiKey.Generate().ToString();
        var revoked = await host.NewWorkspaceKeyAsync();

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host.Http, Log(NewId(), "root"))).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host.Client(revoked), Log(NewId(), "root"))).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.AdminHttp.DeleteAsync($"/v1/admin/keys/{revoked.Split('_')[1]}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(host.Client(revoked), Log(NewId(), "root"))).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(host.Client(unknown), Log(NewId(), "root"))).Response.StatusCode);
        using var channel = host.OpenChannel(unknown);
        await Assert.ThrowsAsync<RpcException>(() => new TraceQuery.TraceQueryClient(channel).GetTraceAsync(new GetTraceRequest { TraceId = NewId() }).ResponseAsync);

        Assert.True(logs.Lines.Count > 50, $"only {logs.Lines.Count} lines captured: is the capture wired?");
        // Key ids are not secret and are logged: proof that the capture sees what the node logs about keys.
        Assert.Contains(logs.Lines, line => line.Contains(host.ApiKey.Split('_')[1], StringComparison.Ordinal));
        foreach (var key in new[] { host.ApiKey, revoked, unknown, host.AdminKey })
        {
            var secret = key.StartsWith("tg_", StringComparison.Ordinal) ? key.Split('_', 3)[2] : key;
            Assert.DoesNotContain(logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
        }
    }
}
