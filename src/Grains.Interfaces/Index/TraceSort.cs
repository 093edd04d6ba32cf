namespace TraceGrains.Index;

/// <summary>What a trace list is ordered by; ties are broken by trace id, ascending.</summary>
public enum TraceSort
{
    StartTime = 0,
    Cost = 1,
    Duration = 2,
    Tokens = 3,
}
