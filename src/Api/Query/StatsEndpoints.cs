using TraceGrains.Grains.Storage;

namespace TraceGrains.Api.Query;

/// <summary>Storage counters of the silo co-hosted in this process, for measuring cost per span.</summary>
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
                : Results.NotFound());
}
