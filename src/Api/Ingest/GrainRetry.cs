using Orleans.Runtime;

namespace TraceGrains.Api.Ingest;

/// <summary>
/// Retries an idempotent grain call a few times over about a second when the cluster is reshaping
/// (a silo died, a message was rejected), before the failure becomes a 503. Only for calls that are
/// safe to repeat: adding spans merges, feedback carries its id.
/// </summary>
public static class GrainRetry
{
    private static readonly TimeSpan[] Delays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(1000)];

    public static async Task<T> IdempotentAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (attempt < Delays.Length && IsReshaping(e))
            {
                await Task.Delay(Delays[attempt]);
            }
        }
    }

    /// <summary>Failures that a moment later, with the grain reactivated elsewhere, usually succeed.</summary>
    private static bool IsReshaping(Exception e) => e switch
    {
        SiloUnavailableException or OrleansMessageRejectionException
            or GatewayTooBusyException or TraceStoreUnavailableException => true,
        _ => e.InnerException is { } inner && IsReshaping(inner),
    };
}
