using Grpc.Core;

namespace TraceGrains.Api.Tests.Hostile;

/// <summary>What every hostile case must hold to: no server error, and a refusal that names its field.</summary>
public static class HostileAssert
{
    /// <summary>
    /// Never 5xx. A 4xx must name <paramref name="field"/>; a 2xx must either be clean or name it in
    /// what it refused (a span over a limit is refused inside a 200).
    /// </summary>
    public static void NamesField(Answer answer, string field, string because)
    {
        Assert.True(answer.Status < 500, $"{because}: server error {answer}");
        if (answer.Status >= 400)
        {
            Assert.True(answer.Problem.Contains(field, StringComparison.Ordinal), $"{because}: the refusal does not name '{field}': {answer}");
            Assert.True(answer.Body.Length < 4096, $"{because}: the refusal echoes {answer.Body.Length} characters");
        }
        else if (IsPartial(answer.Body))
            Assert.True(answer.Body.Contains(field, StringComparison.Ordinal), $"{because}: the rejection does not name '{field}': {answer}");
    }

    /// <summary>Refused with a 4xx naming <paramref name="field"/>, or a 2xx that rejects naming it.</summary>
    public static void Refused(Answer answer, string field, string because)
    {
        NamesField(answer, field, because);
        Assert.True(answer.Status >= 400 || IsPartial(answer.Body), $"{because}: expected a refusal naming '{field}', got {answer}");
    }

    public static void Accepted(Answer answer, string because)
    {
        Assert.True(answer.Status is >= 200 and < 300 && !IsPartial(answer.Body), $"{because}: expected acceptance, got {answer}");
    }

    public static void GrpcNamesField((StatusCode Code, string Detail) result, string field, string because)
    {
        Assert.True(result.Code is not (StatusCode.Internal or StatusCode.Unknown or StatusCode.DataLoss or StatusCode.Unavailable),
            $"{because}: gRPC {result.Code} {result.Detail}");
        if (result.Code is StatusCode.InvalidArgument or StatusCode.OutOfRange or StatusCode.FailedPrecondition)
        {
            Assert.True(result.Detail.Contains(field, StringComparison.Ordinal), $"{because}: '{result.Detail}' does not name '{field}'");
            Assert.True(result.Detail.Length < 4096, $"{because}: the refusal echoes {result.Detail.Length} characters");
        }
    }

    private static bool IsPartial(string body) =>
        body.Contains("\"accepted\":false", StringComparison.Ordinal)
        || body.Contains("partialSuccess", StringComparison.Ordinal)
        || body.Contains("\"status\":\"partial\"", StringComparison.Ordinal);
}
