namespace TraceGrains.Grains.Wal;

/// <summary>
/// One activation of one trace: records it appended stay in the log until that activation has
/// checkpointed them. A later activation of the same trace is a different pin.
/// </summary>
public readonly record struct WalPin(string TraceKey, string Epoch);
