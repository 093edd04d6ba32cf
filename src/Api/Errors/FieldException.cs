namespace TraceGrains.Api.Errors;

/// <summary>
/// A client mistake in one named field or parameter: 400 (or the given 4xx) with a problem-details
/// body naming it over HTTP (<see cref="ApiExceptionHandler"/>), INVALID_ARGUMENT over gRPC
/// (<see cref="GrpcErrorInterceptor"/>). Its own type, so that a bug never passes for a client error.
/// </summary>
public sealed class FieldException(string field, string problem, int statusCode = StatusCodes.Status400BadRequest)
    : Exception($"{field}: {problem}")
{
    public string Field { get; } = field;
    public string Problem { get; } = problem;
    public int StatusCode { get; } = statusCode;
}
