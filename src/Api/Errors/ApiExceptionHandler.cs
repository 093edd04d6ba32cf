using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using TraceGrains.Api.Hosting;

namespace TraceGrains.Api.Errors;

/// <summary>
/// Last line for REST errors: transient cluster or storage failures become 503 with Retry-After,
/// bad request framing keeps its 4xx (413 for a body over the limit); only real bugs are 500.
/// </summary>
public sealed partial class ApiExceptionHandler(
    IProblemDetailsService problems, ApiOptions options, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        ProblemDetails problem;
        if (exception is FieldException field)
        {
            ApiMetrics.RequestRefused(field.StatusCode, field.Field);
            if (field.Limit is { } limit) ApiMetrics.LimitExceeded(limit, Auth.CallerExtensions.WorkspaceIdOrNull(context));
            problem = new ProblemDetails
            {
                Status = field.StatusCode,
                Title = field.StatusCode == StatusCodes.Status415UnsupportedMediaType ? "Unsupported media type" : "Invalid request",
                Detail = field.Message,
                Extensions = { ["field"] = field.Field },
            };
        }
        else if (exception is BadHttpRequestException bad)
        {
            ApiMetrics.RequestRefused(bad.StatusCode, "body");
            if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge) ApiMetrics.LimitExceeded("MaxRequestBodyBytes", Auth.CallerExtensions.WorkspaceIdOrNull(context));
            problem = new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Bad request",
                Detail = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? $"body: larger than the limit of {options.MaxRequestBodyBytes} bytes"
                    : bad.Message,
            };
        }
        else if (exception is Ingest.IngestOverloadedException overloaded)
        {
            context.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString();
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = overloaded.Message + " Nothing of this request that was not already stored is acknowledged; retry.",
            };
        }
        else if (TransientFailures.IsTransient(exception))
        {
            LogTransient(logger, exception, context.Request.Path);
            context.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString();
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Temporarily unavailable",
                Detail = "The trace store could not make this durable right now; nothing was acknowledged. Retry.",
            };
        }
        else
        {
            return false;
        }
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transient failure on {Path}; answered 503")]
    private static partial void LogTransient(ILogger logger, Exception e, string path);
}
