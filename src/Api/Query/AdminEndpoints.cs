using TraceGrains.Api.Auth;
using TraceGrains.Index;

namespace TraceGrains.Api.Query;

/// <summary>Operations on the index, for the admin key only.</summary>
public static class AdminEndpoints
{
    /// <summary>
    /// Rebuilds the index of one workspace (<c>?workspace=</c>), or of every workspace the key store
    /// knows when none is named.
    /// </summary>
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/admin/index/rebuild", async (string? workspace, IGrainFactory grains, KeyAdmin keys) =>
        {
            if (workspace is not null && !WorkspaceIds.IsValid(workspace))
                throw new Errors.FieldException("workspace", $"must be {WorkspaceIds.Description}");
            var workspaces = workspace is not null ? [workspace]
                : (await keys.ListWorkspacesAsync()).Where(w => w.DeletedAt is null).Select(w => w.Id).ToList();
            var count = 0;
            foreach (var id in workspaces) count += await grains.GetGrain<IIndexRebuildGrain>(id).RebuildAsync();
            return Results.Ok(new { status = "success", traces_reindexed = count, workspaces });
        }).RequireAuthorization(AuthPolicies.Admin);
}
