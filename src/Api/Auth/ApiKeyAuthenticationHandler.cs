using System.Text.Encodings.Web;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using TraceGrains.Api.Errors;
using TraceGrains.Api.Hosting;

namespace TraceGrains.Api.Auth;

/// <summary>
/// One scheme for every door, HTTP and gRPC alike (gRPC runs through the same pipeline): the key
/// comes from <c>x-portkey-api-key</c> (what the portkey-ai SDK sends) or else
/// <c>Authorization: Bearer</c>. Refusals are 401 (gRPC UNAUTHENTICATED) naming the headers, never
/// echoing the key; if storage cannot be read to check a key, 503 (UNAVAILABLE), not 401.
/// </summary>
public sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggers, UrlEncoder encoder,
    KeyValidator validator, ApiOptions api)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggers, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string PortkeyHeader = "x-portkey-api-key";
    private const string Headers = "x-portkey-api-key or Authorization: Bearer";
    private const string UnavailableItem = "tg:auth-unavailable";
    private const string RefusalItem = "tg:auth-refusal";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Presented(Request.Headers);
        if (presented is null) return AuthenticateResult.NoResult();
        KeyCheck check;
        try
        {
            check = await validator.CheckAsync(presented, Context.RequestAborted);
        }
        catch (Exception e) when (TransientFailures.IsTransient(e))
        {
            LogStoreUnavailable(Logger, e);
            Context.Items[UnavailableItem] = true;
            return AuthenticateResult.Fail("key store unavailable");
        }
        if (check.Caller is not { } caller)
        {
            Context.Items[RefusalItem] = check.Refusal;
            return AuthenticateResult.Fail("unknown or revoked key");
        }
        return AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(SchemeName), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(UnavailableItem))
        {
            Response.Headers.RetryAfter = api.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return RefusalReplies.WriteAsync(Context, StatusCodes.Status503ServiceUnavailable, StatusCode.Unavailable,
                "Temporarily unavailable", "The key store cannot be read right now; retry.");
        }
        var reason = Context.Items.TryGetValue(RefusalItem, out var r) && r is string s ? s : "missing";
        ApiMetrics.Refused(reason);
        Response.Headers.WWWAuthenticate = "Bearer";
        var detail = reason == "missing"
            ? $"{Headers}: no API key; send a workspace key"
            : $"{Headers}: the key is not valid (unknown, malformed or revoked)";
        return RefusalReplies.WriteAsync(Context, StatusCodes.Status401Unauthorized, StatusCode.Unauthenticated, "Unauthorized", detail, Headers);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        ApiMetrics.Refused("forbidden");
        var detail = Context.User.IsInRole(Caller.AdminRole)
            ? $"{Headers}: the admin key manages workspaces; send a workspace key to read or write traces"
            : $"{Headers}: this key may not use this operation; it needs the admin key";
        return RefusalReplies.WriteAsync(Context, StatusCodes.Status403Forbidden, StatusCode.PermissionDenied, "Forbidden", detail, Headers);
    }

    /// <summary>The portkey header first: the SDK may also send a provider's Authorization header.</summary>
    internal static string? Presented(IHeaderDictionary headers)
    {
        if (headers.TryGetValue(PortkeyHeader, out var portkey) && !string.IsNullOrWhiteSpace(portkey.ToString()))
            return portkey.ToString().Trim();
        var authorization = headers.Authorization.ToString();
        const string bearer = "Bearer ";
        return authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) && authorization.Length > bearer.Length
            ? authorization[bearer.Length..].Trim()
            : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "API keys could not be checked: the key store is unavailable")]
    private static partial void LogStoreUnavailable(ILogger logger, Exception e);
}
