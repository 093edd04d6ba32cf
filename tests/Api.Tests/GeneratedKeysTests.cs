using System.Net;
using TraceGrains.Api.V1;
using TraceGrains.TestSupport;
using static TraceGrains.Api.Tests.PortkeyLogs;
using static TraceGrains.TestSupport.Spans;

namespace TraceGrains.Api.Tests;

public sealed class GeneratedKeysTests
{
    /// <summary>The single-node default without configured keys: it makes both, and they work.</summary>
    [Fact]
    public async Task NoKeysConfigured_SingleNodeGeneratesADevKeyAndAnAdminKey_BothWork()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var host = await ApiHost.StartAsync(azurite, "genkeys", new Dictionary<string, string?>
        {
            ["TraceGrains:Auth:DevKey"] = null,
            ["TraceGrains:Auth:AdminKey"] = null,
        });
        Assert.True(Auth.ApiKey.TryParse(host.ApiKey, out _), host.ApiKey);

        var trace = NewId();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host.Http, Log(trace, "root"))).Response.StatusCode);
        var read = await host.Query.GetTraceAsync(new GetTraceRequest { TraceId = trace });
        Assert.Equal(TraceKey.DefaultWorkspace, read.Summary.WorkspaceId);
        Assert.Equal(HttpStatusCode.OK, (await host.AdminHttp.GetAsync("/v1/admin/workspaces")).StatusCode);
    }
}
