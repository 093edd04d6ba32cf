namespace TraceGrains.Api.Errors;

/// <summary>
/// A client mistake in one named field or parameter: 400 (or the given 4xx) with a problem-details
/// body naming it over HTTP (<see cref="ApiExceptionHandler"/>), INVALID_ARGUMENT over gRPC
/// (<see cref="GrpcErrorInterceptor"/>). Its own type, so that a bug never passes for a client error.
/// </summary>
/// <param name="limit">The setting whose limit was exceeded (e.g. <c>MaxItemsPerRequest</c>), counted by <see cref="Hosting.ApiMetrics"/>.</param>
public sealed class FieldException(string field, string problem, int statusCode = StatusCodes.Status400BadRequest, string? limit = null)
    : Exception($"{field}: {problem}")
{
    public string? Limit { get; } = limit;
    public string Field { get; } = field;
    public string Problem { get; } = problem;
    public int StatusCode { get; } = statusCode;
}
