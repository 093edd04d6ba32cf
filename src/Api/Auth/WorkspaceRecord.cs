namespace TraceGrains.Api.Auth;

/// <summary>
/// A stored workspace: <c>auth/workspaces/{id}.json</c>. Deleting keeps the record as a tombstone,
/// so a deleted id is never handed out again (its traces stay in storage under that id).
/// </summary>
public sealed record WorkspaceRecord(string Id, string? Name, DateTimeOffset CreatedAt, DateTimeOffset? DeletedAt);
