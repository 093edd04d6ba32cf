namespace TraceGrains.Api.Auth;

/// <summary>A stored key: <c>auth/keys/{keyId}.json</c>. Holds a salted hash, never the secret.</summary>
public sealed record KeyRecord(
    string KeyId,
    string WorkspaceId,
    string Role,
    string? Name,
    string Salt,
    string Hash,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt)
{
    public const string WorkspaceRole = "workspace";
}
