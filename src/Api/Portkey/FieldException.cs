namespace TraceGrains.Api.Portkey;

/// <summary>A client mistake in one named field; answered with a 4xx (400 unless said) naming it.</summary>
public sealed class FieldException(string field, string problem, int statusCode = StatusCodes.Status400BadRequest)
    : Exception($"{field}: {problem}")
{
    public string Field { get; } = field;
    public int StatusCode { get; } = statusCode;
}
