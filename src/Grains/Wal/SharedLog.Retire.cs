using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TraceGrains.Grains.Wal;

/// <summary>Retiring sealed segments: ask pinned traces to checkpoint, replay for those that cannot, delete.</summary>
public sealed partial class SharedLog
{
    private static readonly TimeSpan AskAgainAfter = TimeSpan.FromSeconds(5);

    /// <summary>One pass over the sealed segments; with <paramref name="grains"/> null, only unpinned ones are deleted.</summary>
    public async Task RetireAsync(IGrainFactory? grains, CancellationToken cancellation)
    {
        foreach (var segment in SealedIdleSegments())
        {
            List<WalPin> pins;
            lock (_lock) pins = [.. segment.Pins.Keys];
            try
            {
                if (pins.Count == 0) await DeleteAsync(segment);
                else if (grains is not null && time.GetUtcNow() - segment.LastAsked >= AskAgainAfter)
                {
                    segment.LastAsked = time.GetUtcNow();
                    await CheckpointPinnedAsync(grains, segment.Number, pins, cancellation);
                }
            }
            catch (Exception e) when (!cancellation.IsCancellationRequested)
            {
                LogRetireFailed(logger, e, Owner, segment.Number);
            }
        }
    }

    private async Task CheckpointPinnedAsync(IGrainFactory grains, int number, List<WalPin> pins, CancellationToken cancellation)
    {
        var gone = new ConcurrentBag<WalPin>();
        var spread = TimeSpan.FromSeconds(_options.SegmentMaxAgeSeconds * _options.RetireSpreadFraction);
        var paced = pins.Zip(PacedStarts(pins.Count, time.GetUtcNow(), spread));
        await Parallel.ForEachAsync(paced, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentGrainCalls, CancellationToken = cancellation },
            async (item, _) =>
            {
                var (pin, at) = item;
                if (at - time.GetUtcNow() is { Ticks: > 0 } wait) await Task.Delay(wait, time, cancellation);
                // The activation checkpoints and releases its own pins; a failure leaves them for the next pass.
                try
                {
                    if (!await grains.GetGrain<ITraceCheckpointGrain>(pin.TraceKey).CheckpointForAsync(pin.Epoch)) gone.Add(pin);
                }
                catch (Exception e)
                {
                    LogCheckpointFailed(logger, e, pin.TraceKey, number);
                }
            });
        // Those activations ended without checkpointing: their trace takes the records back from here.
        if (!gone.IsEmpty) await HandBackAsync(grains, number, gone, cancellation);
    }

    /// <summary>Replays segment <paramref name="number"/>'s records of the traces of <paramref name="pins"/> into those traces, then releases the pins there.</summary>
    private async Task HandBackAsync(IGrainFactory grains, int number, IReadOnlyCollection<WalPin> pins, CancellationToken cancellation)
    {
        var traces = pins.Select(p => p.TraceKey).ToHashSet(StringComparer.Ordinal);
        var data = (await Blob(number).DownloadContentAsync(cancellation)).Value.Content.ToMemory();
        await WalReplay.ReplayAsync(grains, data, traces.Contains, _options.MaxConcurrentGrainCalls, cancellation);
        foreach (var pin in pins) ReleaseSegment(pin, number);
    }

    /// <summary>
    /// An activation that broke because another activation of its trace stored the trace first leaves
    /// the records it acknowledged pinned here. Retirement would
    /// hand them to the trace only once their segment is sealed and old, which leaves acknowledged
    /// spans unreadable for up to a segment's age; instead they are replayed into the trace's next
    /// activation a moment after the break (merging a span twice changes nothing). If that fails, the
    /// pins stay and retirement asks again as before.
    /// </summary>
    public void RedeliverSoon(IGrainFactory grains, WalPin pin) =>
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(RedeliverAfter, time);
                await RedeliverAsync(grains, pin, CancellationToken.None);
            }
            catch (Exception e)
            {
                LogRedeliverFailed(logger, e, pin.TraceKey);
            }
        });

    private static readonly TimeSpan RedeliverAfter = TimeSpan.FromSeconds(1);

    private async Task RedeliverAsync(IGrainFactory grains, WalPin pin, CancellationToken cancellation)
    {
        foreach (var number in PinsOf(pin).Keys.Order()) await HandBackAsync(grains, number, [pin], cancellation);
    }

    /// <summary>When each of <paramref name="count"/> requests starts: evenly over <paramref name="spread"/>, the first at once.</summary>
    internal static IEnumerable<DateTimeOffset> PacedStarts(int count, DateTimeOffset start, TimeSpan spread) =>
        Enumerable.Range(0, count).Select(i => start + spread * ((double)i / count));

    private async Task DeleteAsync(WalSegment segment)
    {
        if (segment.Created is { IsValueCreated: true }) await Blob(segment.Number).DeleteIfExistsAsync();
        lock (_lock) _segments.Remove(segment.Number);
        WalMetrics.SegmentRetired();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trace {Trace}: replaying the records of a broken activation failed; its log segments ask again when they retire")]
    private static partial void LogRedeliverFailed(ILogger logger, Exception e, string trace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trace {Trace}: checkpoint for log segment {Segment} failed; asked again later")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception e, string trace, int segment);
}
