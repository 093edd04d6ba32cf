using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using TraceGrains.Api.V1;
using TraceGrains.TestSupport;
using static TraceGrains.Api.Tests.PortkeyLogs;
using static TraceGrains.TestSupport.Spans;

namespace TraceGrains.Api.Tests;

/// <summary>The admin API over real HTTP: workspaces and keys are created, listed and revoked.</summary>
[Collection(ApiCollection.Name)]
public sealed class KeyLifecycleTests(ApiFixture fixture)
{
    private ApiHost Host => fixture.Host;

    [Fact]
    public async Task RevokedKey_StopsWorkingWithinSeconds_OverHttpAndGrpc()
    {
        var workspace = "rv-" + NewId()[..10];
        var key = await Host.NewWorkspaceKeyAsync(workspace);
        using var http = Host.Client(key);
        using var channel = Host.OpenChannel(key);
        var query = new TraceQuery.TraceQueryClient(channel);
        var trace = NewId();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, Log(trace, "root"))).Response.StatusCode);
        Assert.Equal(1, (await query.GetTraceAsync(new GetTraceRequest { TraceId = trace })).Summary.SpanCount);

        var keyId = key.Split('_')[1];
        var revoked = await Host.AdminHttp.DeleteAsync($"/v1/admin/keys/{keyId}");
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);

        var deadline = TimeSpan.FromSeconds(5);
        await Poll.UntilAsync(async () => (await PostAsync(http, Log(trace, "after"))).Response.StatusCode == HttpStatusCode.Unauthorized,
            deadline, "the revoked key to be refused over HTTP");
        await Poll.UntilAsync(async () =>
        {
            try { await query.GetTraceAsync(new GetTraceRequest { TraceId = trace }); return false; }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unauthenticated) { return true; }
        }, deadline, "the revoked key to be refused over gRPC");

        // A new key of the same workspace still sees the trace, without the refused span.
        using var fresh = Host.OpenChannel(await Host.NewWorkspaceKeyAsync(workspace));
        Assert.Equal(1, (await new TraceQuery.TraceQueryClient(fresh).GetTraceAsync(new GetTraceRequest { TraceId = trace })).Summary.SpanCount);
    }

    /// <summary>Revoked by another node: this one learns of it when its cached check expires (CacheSeconds, 2 s).</summary>
    [Fact]
    public async Task KeyRevokedElsewhere_StopsWorkingHereWithinSeconds()
    {
        var key = await Host.NewWorkspaceKeyAsync();
        using var http = Host.Client(key);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, Log(NewId(), "root"))).Response.StatusCode);

        // Straight to the key store, as another API node's admin call would; this node's cache is not told.
        var store = Host.Services.GetRequiredService<Auth.AuthStore>();
        await store.UpdateKeyAsync(key.Split('_')[1], k => k with { RevokedAt = DateTimeOffset.UtcNow });

        await Poll.UntilAsync(async () => (await PostAsync(http, Log(NewId(), "root"))).Response.StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(5), "the key revoked elsewhere to be refused");
    }

    [Fact]
    public async Task DeletedWorkspace_RevokesItsKeys_AndItsIdIsNeverReused()
    {
        var workspace = "del-" + NewId()[..10];
        var (one, two) = (await Host.NewWorkspaceKeyAsync(workspace), await Host.NewWorkspaceKeyAsync(workspace));
        using var http = Host.Client(one);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, Log(NewId(), "root"))).Response.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await Host.AdminHttp.DeleteAsync($"/v1/admin/workspaces/{workspace}")).StatusCode);

        foreach (var key in new[] { one, two })
        {
            using var client = Host.Client(key);
            await Poll.UntilAsync(async () => (await PostAsync(client, Log(NewId(), "root"))).Response.StatusCode == HttpStatusCode.Unauthorized,
                TimeSpan.FromSeconds(5), "keys of the deleted workspace to be refused");
        }
        var keys = await Host.AdminHttp.GetFromJsonAsync<JsonElement>($"/v1/admin/workspaces/{workspace}/keys");
        Assert.All(keys.GetProperty("keys").EnumerateArray(), k => Assert.Equal(JsonValueKind.String, k.GetProperty("revoked_at").ValueKind));
        Assert.Equal(HttpStatusCode.Conflict, (await Host.AdminHttp.PostAsJsonAsync("/v1/admin/workspaces", new { id = workspace })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Host.AdminHttp.PostAsync($"/v1/admin/workspaces/{workspace}/keys", null)).StatusCode);
    }

    [Fact]
    public async Task AdminApi_ListsWorkspacesAndKeysWithoutSecrets_AndNamesBadFields()
    {
        var workspace = "ls-" + NewId()[..10];
        var key = await Host.NewWorkspaceKeyAsync(workspace);

        var workspaces = await Host.AdminHttp.GetStringAsync("/v1/admin/workspaces");
        Assert.Contains($"\"id\":\"{workspace}\"", workspaces);
        Assert.Contains("\"id\":\"default\"", workspaces);
        var keys = await Host.AdminHttp.GetStringAsync($"/v1/admin/workspaces/{workspace}/keys");
        var listed = Assert.Single(JsonDocument.Parse(keys).RootElement.GetProperty("keys").EnumerateArray());
        Assert.Equal(key.Split('_')[1], listed.GetProperty("key_id").GetString());
        Assert.DoesNotContain(key.Split('_', 3)[2], keys);
        foreach (var secretish in new[] { "\"key\"", "salt", "hash" }) Assert.DoesNotContain(secretish, keys, StringComparison.OrdinalIgnoreCase);

        var bad = await Host.AdminHttp.PostAsJsonAsync("/v1/admin/workspaces", new { id = "Not/OK" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("id", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Host.AdminHttp.DeleteAsync("/v1/admin/keys/0000000000000000")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Host.AdminHttp.PostAsync("/v1/admin/workspaces/nobody-here/keys", null)).StatusCode);
    }
}
