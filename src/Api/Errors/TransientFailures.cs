using Azure;
using Orleans.Runtime;

namespace TraceGrains.Api.Errors;

/// <summary>
/// Failures that mean "the cluster or storage could not take this now": the client should retry,
/// and nothing of the request was acknowledged.
/// </summary>
public static class TransientFailures
{
    public static bool IsTransient(Exception e) => e switch
    {
        TraceStoreUnavailableException or TimeoutException or OrleansException or RequestFailedException => true,
        AggregateException a => a.InnerExceptions.Any(IsTransient),
        _ => e.InnerException is { } inner && IsTransient(inner),
    };
}
