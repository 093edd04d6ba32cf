namespace TraceGrains.Grains;

/// <summary>
/// Background work for the silo's lifetime: started by a lifecycle stage, and cancelled and awaited
/// when that stage stops.
/// </summary>
internal sealed class BackgroundLoop
{
    private CancellationTokenSource? _stop;
    private Task? _loop;

    public void Start(Func<CancellationToken, Task> run)
    {
        _stop = new CancellationTokenSource();
        _loop = Task.Run(() => run(_stop.Token));
    }

    public async Task StopAsync()
    {
        _stop?.Cancel();
        if (_loop is not null) await _loop;
    }

    /// <summary>Waits <paramref name="every"/>, then runs <paramref name="pass"/>, until stopped.</summary>
    public static async Task EveryAsync(TimeSpan every, TimeProvider time, Func<Task> pass, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, time, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await pass();
        }
    }
}
