using TraceGrains.TestSupport;

namespace TraceGrains.Api.Tests.Hostile;

/// <summary>
/// One Azurite and one real API node for every hostile test. Trace and request span limits are set
/// low so that the volume cases (100,000 spans) meet them quickly; everything else is the default.
/// </summary>
public sealed class HostileFixture : IAsyncLifetime
{
    public const int MaxSpansPerRequest = 5_000;
    public const int MaxSpansPerTrace = 5_000;
    public const int MaxRequestBodyBytes = 8 * 1024 * 1024;

    public AzuriteServer Azurite { get; private set; } = null!;
    public ApiHost Host { get; private set; } = null!;
    public HostileClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Azurite = await AzuriteServer.StartAsync();
        Host = await ApiHost.StartAsync(Azurite, "hostile", new Dictionary<string, string?>
        {
            ["TraceGrains:Api:MaxSpansPerRequest"] = MaxSpansPerRequest.ToString(),
            ["TraceGrains:Api:MaxRequestBodyBytes"] = MaxRequestBodyBytes.ToString(),
            ["TraceGrains:Limits:MaxSpansPerTrace"] = MaxSpansPerTrace.ToString(),
        });
        Client = new HostileClient(Host);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class HostileCollection : ICollectionFixture<HostileFixture>
{
    public const string Name = "hostile";
}
