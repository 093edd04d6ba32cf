using Grpc.Core;
using Microsoft.AspNetCore.Mvc;

namespace TraceGrains.Api.Errors;

/// <summary>
/// Answers written by middleware (authentication, rate limiting) before any endpoint runs: a gRPC
/// status in a trailers-only response for gRPC calls, so clients see UNAUTHENTICATED or
/// RESOURCE_EXHAUSTED with the message rather than an HTTP status they must map; problem details otherwise.
/// </summary>
public static class RefusalReplies
{
    public static bool IsGrpc(HttpContext http) =>
        http.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    public static async Task WriteAsync(HttpContext http, int httpStatus, StatusCode grpcStatus, string title, string detail, string? field = null)
    {
        if (http.Response.HasStarted) return;
        if (IsGrpc(http))
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "application/grpc";
            http.Response.Headers["grpc-status"] = ((int)grpcStatus).ToString(System.Globalization.CultureInfo.InvariantCulture);
            http.Response.Headers["grpc-message"] = Uri.EscapeDataString(detail);
            return;
        }
        http.Response.StatusCode = httpStatus;
        var problem = new ProblemDetails { Status = httpStatus, Title = title, Detail = detail };
        if (field is not null) problem.Extensions["field"] = field;
        await http.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", http.RequestAborted);
    }
}
