using TraceGrains.TestSupport;

namespace TraceGrains.Api.Tests;

/// <summary>A node of its own with small limits, so tests can reach each one with a few requests.</summary>
public sealed class LimitsFixture : IAsyncLifetime
{
    public const int Burst = 4;

    public AzuriteServer Azurite { get; private set; } = null!;
    public ApiHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Azurite = await AzuriteServer.StartAsync();
        Host = await ApiHost.StartAsync(Azurite, "limits", new Dictionary<string, string?>
        {
            ["TraceGrains:RateLimit:PermitsPerSecond"] = "1",
            ["TraceGrains:RateLimit:Burst"] = Burst.ToString(),
            ["TraceGrains:Api:MaxIdLength"] = "40",
            ["TraceGrains:Api:MaxItemsPerRequest"] = "2",
            ["TraceGrains:Api:MaxRequestBodyBytes"] = (64 * 1024).ToString(),
            ["TraceGrains:Limits:MaxMetadataEntries"] = "3",
            ["TraceGrains:Limits:MaxAttributeValueBytes"] = "1024",
            ["TraceGrains:Limits:MaxFeedbackPerTrace"] = "1",
        });
    }

    /// <summary>A client of a new workspace, so each test has the whole rate-limit burst to itself.</summary>
    public async Task<(HttpClient Http, string Workspace)> FreshClientAsync()
    {
        var workspace = "lim-" + Spans.NewId()[..12];
        return (Host.Client(await Host.NewWorkspaceKeyAsync(workspace)), workspace);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}
