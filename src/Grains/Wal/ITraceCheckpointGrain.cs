namespace TraceGrains.Grains.Wal;

/// <summary>
/// What the shared log asks of a trace grain: to checkpoint what it holds, or to take records back
/// from a segment whose writer can no longer checkpoint them.
/// </summary>
[Alias("tg.ITraceCheckpointGrain")]
public interface ITraceCheckpointGrain : IGrainWithStringKey
{
    /// <summary>
    /// Checkpoints if this activation is <paramref name="epoch"/>; false when it is another one, whose
    /// records the log must then replay.
    /// </summary>
    [Alias("CheckpointFor")]
    Task<bool> CheckpointForAsync(string epoch);

    /// <summary>Applies journal frames from the log and returns once they are in the trace's own storage.</summary>
    [Alias("Replay")]
    Task ReplayAsync(byte[] frames);
}
