namespace TraceGrains.Api.Auth;

/// <summary>Authorization policies: data doors need a workspace key, operations the admin key.</summary>
public static class AuthPolicies
{
    public const string Workspace = "workspace";
    public const string Admin = "admin";
}
