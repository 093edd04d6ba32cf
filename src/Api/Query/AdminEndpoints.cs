using TraceGrains.Api.Hosting;
using TraceGrains.Index;

namespace TraceGrains.Api.Query;

/// <summary>Operations for operators (API keys and their scopes arrive in a later issue).</summary>
public static class AdminEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/admin/index/rebuild", async (IGrainFactory grains, ApiOptions options) =>
        {
            var count = await grains.GetGrain<IIndexRebuildGrain>(options.DefaultWorkspace).RebuildAsync();
            return Results.Ok(new { status = "success", traces_reindexed = count });
        });
}
