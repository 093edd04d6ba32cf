using System.Globalization;
using System.Threading.RateLimiting;
using Grpc.Core;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using TraceGrains.Api.Auth;
using TraceGrains.Api.Errors;
using TraceGrains.Api.Hosting;

namespace TraceGrains.Api.Limits;

/// <summary>
/// ASP.NET Core's rate limiter with one token bucket per workspace, keyed by the workspace of the
/// request's key (so it runs after authentication). Requests without a workspace (health, admin,
/// refused ones) are not limited here. Refused: 429 with Retry-After, gRPC RESOURCE_EXHAUSTED.
/// </summary>
public static class WorkspaceRateLimiting
{
    public static WebApplicationBuilder AddTraceGrainsRateLimiting(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>, ApiOptions>((limiter, limits, api) =>
        {
            var o = limits.Value;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.WorkspaceIdOrNull() is { } workspace
                    ? RateLimitPartition.GetTokenBucketLimiter(workspace, _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = o.Burst,
                        TokensPerPeriod = o.PermitsPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    })
                    : RateLimitPartition.GetNoLimiter(""));
            limiter.OnRejected = (context, ct) => RejectAsync(context, api, o);
        });
        return builder;
    }

    private static ValueTask RejectAsync(OnRejectedContext context, ApiOptions api, RateLimitOptions o)
    {
        ApiMetrics.LimitExceeded("RateLimit", context.HttpContext.WorkspaceIdOrNull());
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : api.RetryAfterSeconds;
        var http = context.HttpContext;
        http.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
        var detail = $"workspace '{http.WorkspaceIdOrNull()}': over {o.PermitsPerSecond} requests per second " +
                     $"(burst {o.Burst}; TraceGrains:RateLimit); retry after {wait} s";
        return new ValueTask(RefusalReplies.WriteAsync(http, StatusCodes.Status429TooManyRequests, StatusCode.ResourceExhausted,
            "Too many requests", detail, "RateLimit"));
    }
}
