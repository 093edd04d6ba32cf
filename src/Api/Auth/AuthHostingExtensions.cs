using Microsoft.AspNetCore.Authorization;
using TraceGrains.Grains.Hosting;
using TraceGrains.Grains.Storage;

namespace TraceGrains.Api.Auth;

public static class AuthHostingExtensions
{
    /// <summary>
    /// API keys on every door. The fallback policy requires a valid key, so an endpoint that does not
    /// say otherwise is closed; health endpoints opt out explicitly.
    /// </summary>
    public static WebApplicationBuilder AddTraceGrainsAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(ClusterConfiguration.Read(builder.Configuration));
        services.AddBlobStorageCore();
        services.AddSingleton<AuthStore>();
        services.AddSingleton<KeyValidator>();
        services.AddSingleton<KeyAdmin>();
        services.AddHostedService<AuthBootstrap>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(
                ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AuthPolicies.Workspace, p => p.RequireAuthenticatedUser().RequireClaim(Caller.WorkspaceClaim))
            .AddPolicy(AuthPolicies.Admin, p => p.RequireAuthenticatedUser().RequireRole(Caller.AdminRole));
        return builder;
    }
}
