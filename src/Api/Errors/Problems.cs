namespace TraceGrains.Api.Errors;

/// <summary>Problem-details answers that name the offending field.</summary>
public static class Problems
{
    public static IResult BadField(string field, string detail) =>
        Results.Problem(
            title: "Invalid request",
            detail: $"{field}: {detail}",
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["field"] = field });

    public static IResult NotFound(string what) =>
        Results.Problem(title: "Not found", detail: what, statusCode: StatusCodes.Status404NotFound);
}
