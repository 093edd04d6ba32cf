namespace TraceGrains.Grains.Tree;

/// <summary>Sums over the spans of a trace, kept current by adding and removing span contributions.</summary>
internal struct TraceTotals
{
    public int ErrorCount;
    public decimal ProvidedCost;
    public decimal ComputedCost;
    public int UnknownCostSpans;
    public long InputTokens;
    public long OutputTokens;
    public long TotalTokens;

    public readonly decimal TotalCost => ProvidedCost + ComputedCost;

    public void Add(SpanRecord span, int sign)
    {
        if (span.Status == SpanStatus.Error) ErrorCount += sign;
        switch (span.CostSource)
        {
            case CostSource.Provided: ProvidedCost += sign * (span.CostUsd ?? 0m); break;
            case CostSource.Computed: ComputedCost += sign * (span.CostUsd ?? 0m); break;
            default: UnknownCostSpans += sign; break;
        }
        InputTokens += sign * (span.InputTokens ?? 0);
        OutputTokens += sign * (span.OutputTokens ?? 0);
        TotalTokens += sign * EffectiveTotal(span);
    }

    /// <summary>Total tokens as given, else input plus output.</summary>
    public static long EffectiveTotal(SpanRecord span) =>
        span.TotalTokens ?? (span.InputTokens ?? 0) + (span.OutputTokens ?? 0);
}
