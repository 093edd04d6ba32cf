using System.Net.Sockets;
using Azure;
using Orleans.Runtime;

namespace TraceGrains.Api.Errors;

/// <summary>
/// Failures that mean "the cluster or storage could not take this now": the client should retry,
/// and nothing of the request was acknowledged. Storage timeouts arrive as the storage client's
/// AggregateException of cancellations, so inner exceptions are searched too.
/// </summary>
public static class TransientFailures
{
    public static bool IsTransient(Exception e) => e switch
    {
        TraceStoreUnavailableException or TimeoutException or OrleansException or RequestFailedException
            or OperationCanceledException or IOException or SocketException or HttpRequestException => true,
        AggregateException a => a.InnerExceptions.Any(IsTransient),
        _ => e.InnerException is { } inner && IsTransient(inner),
    };
}
