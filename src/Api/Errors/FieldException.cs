namespace TraceGrains.Api.Errors;

/// <summary>
/// A client mistake in one named field or parameter: 400 (or the given 4xx) with a problem-details
/// body naming it over HTTP (<see cref="ApiExceptionHandler"/>), INVALID_ARGUMENT over gRPC
/// (<see cref="GrpcErrorInterceptor"/>). Its own type, so that a bug never passes for a client error.
/// </summary>
/// <param name="limit">The setting whose limit was exceeded (e.g. <c>MaxItemsPerRequest</c>), counted by <see cref="Hosting.ApiMetrics"/>.</param>
public sealed class FieldException(string field, string problem, int statusCode = StatusCodes.Status400BadRequest, string? limit = null)
    : Exception($"{Shorten(field, MaxFieldLength)}: {Shorten(problem, MaxProblemLength)}")
{
    // Field paths and problems can quote what the client sent (a 1 MB key, a 1 MB sort key): the
    // answer names it without echoing it whole.
    private const int MaxFieldLength = 200;
    private const int MaxProblemLength = 1000;

    public string? Limit { get; } = limit;
    public string Field { get; } = Shorten(field, MaxFieldLength);
    public string Problem { get; } = Shorten(problem, MaxProblemLength);
    public int StatusCode { get; } = statusCode;

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
