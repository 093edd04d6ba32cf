namespace TraceGrains;

/// <summary>Where a span's cost came from.</summary>
public enum CostSource
{
    /// <summary>No cost was given and none could be computed.</summary>
    Unknown = 0,
    /// <summary>The sender gave the cost; it always wins over a computed one.</summary>
    Provided = 1,
    /// <summary>Computed from tokens and the pricing table.</summary>
    Computed = 2,
}
