namespace TraceGrains.Bench.LoadGen;

/// <summary>The outcome of <see cref="Verifier"/>; part of the JSON report.</summary>
internal sealed class VerifyReport
{
    public sealed record Problem(int MissingSpans, string Message, bool Unreadable = false);
    public sealed record Example(string TraceId, string Message);

    public string Mode { get; set; } = "summary";
    public int Traces { get; set; }
    public int Verified { get; set; }
    public int Failed { get; set; }
    /// <summary>Traces not checked before the deadline.</summary>
    public int Unverified { get; set; }
    public int NotFound { get; set; }
    public int Unreadable { get; set; }
    public long MissingSpans { get; set; }
    /// <summary>Traces read whose counts or tokens are outside what was acknowledged and attempted.</summary>
    public int Mismatches { get; set; }
    public bool TimedOut { get; set; }
    public List<Example> Examples { get; } = [];

    public bool Ok => Failed == 0 && Unverified == 0 && !TimedOut;

    public void Add(string traceId, Problem? problem, int maxExamples)
    {
        if (problem is null) { Verified++; return; }
        Failed++;
        MissingSpans += problem.MissingSpans;
        if (problem.Message == "not found") NotFound++;
        else if (problem.Unreadable) Unreadable++;
        else Mismatches++;
        if (Examples.Count < maxExamples) Examples.Add(new(traceId, problem.Message));
    }
}
