namespace TraceGrains.Grains.Wal;

/// <summary>One append blob of the shared log, as its writer tracks it. Guarded by the log's lock.</summary>
internal sealed class WalSegment(int number, DateTimeOffset opened)
{
    public int Number { get; } = number;
    public DateTimeOffset Opened { get; } = opened;
    public long Bytes { get; set; }
    public int Appends { get; set; }
    public int InFlight { get; set; }
    public bool Sealed { get; set; }
    /// <summary>Creates the blob once, whichever append comes first.</summary>
    public Lazy<Task>? Created { get; set; }
    /// <summary>Activations with records here that they have not checkpointed, and how many records.</summary>
    public Dictionary<WalPin, int> Pins { get; } = [];
    public DateTimeOffset LastAsked { get; set; }
}
