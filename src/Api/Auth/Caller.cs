using System.Security.Claims;

namespace TraceGrains.Api.Auth;

/// <summary>Who a valid key speaks for: a workspace, or the operator (admin key).</summary>
public sealed record Caller(string KeyId, string? WorkspaceId, bool IsAdmin)
{
    public const string WorkspaceClaim = "tg:workspace";
    public const string KeyIdClaim = "tg:key";
    public const string AdminRole = "admin";

    public static Caller Admin { get; } = new("admin", null, true);

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim> { new(KeyIdClaim, KeyId) };
        if (WorkspaceId is not null) claims.Add(new Claim(WorkspaceClaim, WorkspaceId));
        if (IsAdmin) claims.Add(new Claim(ClaimTypes.Role, AdminRole));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}
