using TraceGrains.TestSupport;

namespace TraceGrains.Api.Tests;

/// <summary>One Azurite and one API node shared by the tests of a collection; keys are fresh per test.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public AzuriteServer Azurite { get; private set; } = null!;
    public ApiHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Azurite = await AzuriteServer.StartAsync();
        Host = await ApiHost.StartAsync(Azurite, "tracegrains",
            new Dictionary<string, string?> { ["TraceGrains:Api:MaxRequestBodyBytes"] = (1024 * 1024).ToString() });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
