using TraceGrains.Api.Auth;
using TraceGrains.Grains.Storage;

namespace TraceGrains.Api.Query;

/// <summary>
/// Storage counters of this process (its co-hosted silo, and the key store's reads), for measuring
/// cost per span. Admin key only: the figures span every workspace.
/// </summary>
public static class StatsEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/v1/stats/storage", (IServiceProvider services) =>
            services.GetService<StorageCounters>() is { } c
                ? Results.Ok(new
                {
                    requests = c.Requests,
                    bytes_written = c.BytesWritten,
                    failures = c.Failures,
                    by_kind = c.ByCategory().ToDictionary(kv => kv.Key, kv => new { requests = kv.Value.Requests, bytes_written = kv.Value.BytesWritten }),
                })
                : Results.NotFound()).RequireAuthorization(AuthPolicies.Admin);
}
