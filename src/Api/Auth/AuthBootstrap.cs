using Microsoft.Extensions.Options;
using TraceGrains.Grains.Hosting;

namespace TraceGrains.Api.Auth;

/// <summary>
/// At start: makes sure the development workspace and key exist (the configured dev key, or on the
/// single-node default a generated one) and prints the keys a developer needs to the console.
/// Keys are printed with Console, never logged, so they do not reach log sinks.
/// </summary>
public sealed partial class AuthBootstrap(
    KeyAdmin admin, AuthStore store, KeyValidator validator, IOptions<AuthOptions> options, ClusterOptions cluster,
    ILogger<AuthBootstrap> logger) : IHostedService
{
    /// <summary>The development key this node ensured at start (configured or generated), if any.</summary>
    public string? DevKey { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        ApiKey? devKey = null;
        if (!string.IsNullOrEmpty(o.DevKey))
        {
            if (!ApiKey.TryParse(o.DevKey, out var parsed))
                throw new OptionsValidationException(AuthOptions.Section, typeof(AuthOptions),
                    ["TraceGrains:Auth:DevKey must look like tg_<16 hex>_<43 base64url characters>"]);
            devKey = parsed;
        }
        else if (o.GenerateKeys && cluster.HostsSilo)
        {
            devKey = ApiKey.Generate();
        }

        if (devKey is { } key)
        {
            await store.EnsureContainerAsync();
            if (await admin.EnsureWorkspaceAsync(o.DevWorkspace) is null)
                throw new InvalidOperationException($"The development workspace '{o.DevWorkspace}' was deleted; set TraceGrains:Auth:DevWorkspace to another id.");
            if (await admin.CreateKeyAsync(o.DevWorkspace, "development", key) is null)
                throw new InvalidOperationException("TraceGrains:Auth:DevKey collides with a different stored key; generate a new one.");
            DevKey = key.ToString();
            LogDevKeyReady(logger, o.DevWorkspace, key.KeyId);
            if (o.PrintKeys) Console.WriteLine($"Development API key (workspace {o.DevWorkspace}): {key}");
        }
        if (validator.GeneratedAdminKey is { } adminKey && o.PrintKeys)
            Console.WriteLine($"Admin key (generated at start; set TraceGrains:Auth:AdminKey to keep one): {adminKey}");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Development key {KeyId} ready in workspace {Workspace}")]
    private static partial void LogDevKeyReady(ILogger logger, string workspace, string keyId);
}
