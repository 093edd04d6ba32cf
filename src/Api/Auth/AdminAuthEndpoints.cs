using System.Text.Json;
using TraceGrains.Api.Errors;
using TraceGrains.Api.Portkey;

namespace TraceGrains.Api.Auth;

/// <summary>Workspaces and their keys, for the admin key only. Secrets are shown once, at creation.</summary>
public static class AdminAuthEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/v1/admin").RequireAuthorization(AuthPolicies.Admin);
        admin.MapPost("/workspaces", CreateWorkspaceAsync);
        admin.MapGet("/workspaces", async (KeyAdmin keys) =>
            Results.Ok(new { workspaces = (await keys.ListWorkspacesAsync()).Select(Workspace) }));
        admin.MapDelete("/workspaces/{id}", async (string id, KeyAdmin keys) =>
            await keys.DeleteWorkspaceAsync(id) is { } deleted ? Results.Ok(Workspace(deleted)) : NoWorkspace(id));
        admin.MapPost("/workspaces/{id}/keys", CreateKeyAsync);
        admin.MapGet("/workspaces/{id}/keys", async (string id, AuthStore store, KeyAdmin keys) =>
            await store.GetWorkspaceAsync(id) is null ? NoWorkspace(id)
                : Results.Ok(new { keys = (await keys.ListKeysAsync(id)).Select(Key) }));
        admin.MapDelete("/keys/{keyId}", async (string keyId, KeyAdmin keys) =>
            await keys.RevokeKeyAsync(keyId) is { } revoked ? Results.Ok(Key(revoked))
                : Problems.NotFound($"key_id: no key '{keyId}'"));
    }

    private static async Task<IResult> CreateWorkspaceAsync(HttpContext http, KeyAdmin keys, CancellationToken ct)
    {
        using var body = await JsonBody.ReadAsync(http.Request, ct);
        var root = body.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new FieldException("body", "must be a JSON object");
        var id = Json.OptionalString(root, "", "id") ?? throw new FieldException("id", "is required");
        if (!WorkspaceIds.IsValid(id)) throw new FieldException("id", $"must be {WorkspaceIds.Description}");
        var name = Json.OptionalString(root, "", "name");
        if (name is { Length: > 200 }) throw new FieldException("name", "is longer than 200 characters");
        return await keys.CreateWorkspaceAsync(id, name) is { } created
            ? Results.Created($"/v1/admin/workspaces/{id}", Workspace(created))
            : Results.Problem(title: "Conflict", detail: $"id: workspace '{id}' exists or existed; ids are not reused",
                statusCode: StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> CreateKeyAsync(string id, HttpContext http, KeyAdmin keys, CancellationToken ct)
    {
        string? name = null;
        if (http.Request.ContentLength > 0)
        {
            using var body = await JsonBody.ReadAsync(http.Request, ct);
            if (body.RootElement.ValueKind != JsonValueKind.Object) throw new FieldException("body", "must be a JSON object");
            name = Json.OptionalString(body.RootElement, "", "name");
            if (name is { Length: > 200 }) throw new FieldException("name", "is longer than 200 characters");
        }
        if (await keys.CreateKeyAsync(id, name) is not var (key, record)) return NoWorkspace(id);
        return Results.Created($"/v1/admin/workspaces/{id}/keys", new
        {
            key = key.ToString(),
            key_id = record.KeyId,
            workspace_id = record.WorkspaceId,
            name = record.Name,
            created_at = record.CreatedAt,
        });
    }

    private static IResult NoWorkspace(string id) => Problems.NotFound($"id: no live workspace '{id}'");

    private static object Workspace(WorkspaceRecord w) =>
        new { id = w.Id, name = w.Name, created_at = w.CreatedAt, deleted_at = w.DeletedAt };

    private static object Key(KeyRecord k) =>
        new { key_id = k.KeyId, workspace_id = k.WorkspaceId, name = k.Name, created_at = k.CreatedAt, revoked_at = k.RevokedAt };
}
