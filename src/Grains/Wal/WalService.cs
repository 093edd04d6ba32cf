using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TraceGrains.Grains.Wal;

/// <summary>
/// Runs the shared log's background work while the silo is active: retiring sealed segments and
/// recovering the logs of dead silos (once at start, then periodically). At shutdown, after the
/// grains have deactivated (and checkpointed), segments nobody pins are deleted.
/// </summary>
public sealed partial class WalService(
    SharedLog log,
    WalRecovery recovery,
    IGrainFactory grains,
    IOptions<WalOptions> options,
    TimeProvider time,
    ILogger<WalService> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly BackgroundLoop _loop = new();

    public void Participate(ISiloLifecycle lifecycle)
    {
        lifecycle.Subscribe(nameof(WalService), ServiceLifecycleStage.Active, StartAsync, StopAsync);
        lifecycle.Subscribe(nameof(WalService) + ".Final", ServiceLifecycleStage.RuntimeGrainServices, _ => Task.CompletedTask, FinalAsync);
    }

    private Task StartAsync(CancellationToken _)
    {
        _loop.Start(LoopAsync);
        return Task.CompletedTask;
    }

    private async Task LoopAsync(CancellationToken stop)
    {
        var o = options.Value;
        var nextRecovery = DateTimeOffset.MinValue;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (time.GetUtcNow() >= nextRecovery)
                {
                    nextRecovery = time.GetUtcNow().AddSeconds(o.RecoveryIntervalSeconds);
                    await recovery.RunAsync(stop);
                }
                await log.RetireAsync(grains, stop);
                await Task.Delay(TimeSpan.FromMilliseconds(o.RetireIntervalMs), time, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogLoopFailed(logger, e);
                await Task.Delay(TimeSpan.FromMilliseconds(o.RetireIntervalMs), time, CancellationToken.None);
            }
        }
    }

    private Task StopAsync(CancellationToken _) => _loop.StopAsync();

    private async Task FinalAsync(CancellationToken cancellation)
    {
        log.SealCurrent();
        await log.RetireAsync(null, cancellation);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Shared log background pass failed")]
    private static partial void LogLoopFailed(ILogger logger, Exception e);
}
