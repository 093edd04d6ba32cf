using Microsoft.Extensions.Logging;

namespace TraceGrains.Grains.Wal;

/// <summary>Segments and pins: which activations still need which segments.</summary>
public sealed partial class SharedLog
{
    private int _lastNumber;

    /// <summary>Under the lock: the segment new appends go to, opened (and its blob created) on demand.</summary>
    private WalSegment CurrentSegment()
    {
        if (_current is { Sealed: false } current) return current;
        // Numbers are never reused: a sealed segment may still be waiting for its pins to go.
        var number = ++_lastNumber;
        var segment = new WalSegment(number, time.GetUtcNow());
        segment.Created = new Lazy<Task>(() => CreateAsync(number));
        _segments[number] = _current = segment;
        return segment;
    }

    private async Task CreateAsync(int segment)
    {
        await containers.EnsureCreatedAsync();
        await Blob(segment).CreateIfNotExistsAsync();
    }

    private void Seal(WalSegment segment)
    {
        segment.Sealed = true;
        if (_current == segment) _current = null;
    }

    private void AddPin(WalSegment segment, WalPin pin)
    {
        segment.Pins[pin] = segment.Pins.GetValueOrDefault(pin) + 1;
        if (!_pinsByActivation.TryGetValue(pin, out var bySegment)) _pinsByActivation[pin] = bySegment = [];
        bySegment[segment.Number] = bySegment.GetValueOrDefault(segment.Number) + 1;
    }

    /// <summary>What <paramref name="pin"/> holds now: a checkpoint taken after this covers all of it.</summary>
    public IReadOnlyDictionary<int, int> PinsOf(WalPin pin)
    {
        lock (_lock) return _pinsByActivation.TryGetValue(pin, out var bySegment) ? new Dictionary<int, int>(bySegment) : [];
    }

    /// <summary>After a checkpoint: releases the records counted in <paramref name="held"/>.</summary>
    public void Release(WalPin pin, IReadOnlyDictionary<int, int> held)
    {
        lock (_lock)
        {
            if (!_pinsByActivation.TryGetValue(pin, out var bySegment)) return;
            foreach (var (number, count) in held)
            {
                var left = bySegment.GetValueOrDefault(number) - count;
                if (left > 0) bySegment[number] = left; else bySegment.Remove(number);
                if (_segments.TryGetValue(number, out var segment))
                {
                    var inSegment = segment.Pins.GetValueOrDefault(pin) - count;
                    if (inSegment > 0) segment.Pins[pin] = inSegment; else segment.Pins.Remove(pin);
                }
            }
            if (bySegment.Count == 0) _pinsByActivation.Remove(pin);
        }
    }

    /// <summary>Releases everything of <paramref name="pin"/> in one segment (after its records were replayed elsewhere).</summary>
    private void ReleaseSegment(WalPin pin, int number)
    {
        lock (_lock)
        {
            var count = _pinsByActivation.TryGetValue(pin, out var bySegment) ? bySegment.GetValueOrDefault(number) : 0;
            if (count > 0) Release(pin, new Dictionary<int, int> { [number] = count });
        }
    }

    /// <summary>Under the lock: seals the current segment once it is old enough and holds records.</summary>
    private void SealIfOld(DateTimeOffset now)
    {
        if (_current is { } current && current.Appends > 0 && now - current.Opened >= TimeSpan.FromSeconds(_options.SegmentMaxAgeSeconds))
            Seal(current);
    }

    /// <summary>Seals the current segment (at shutdown, so that it can be retired).</summary>
    public void SealCurrent()
    {
        lock (_lock)
        {
            if (_current is { } current) Seal(current);
        }
    }

    /// <summary>Sealed segments no append is still writing to, oldest first.</summary>
    private List<WalSegment> SealedIdleSegments()
    {
        lock (_lock)
        {
            SealIfOld(time.GetUtcNow());
            return [.. _segments.Values.Where(s => s.Sealed && s.InFlight == 0)];
        }
    }

    /// <summary>Segments, records and pinned activations now, for stats and tests.</summary>
    public WalStats Stats()
    {
        lock (_lock)
            return new WalStats(_segments.Count, _segments.Values.Sum(s => s.Bytes), _pinsByActivation.Count, _queuedBytes);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Log {Owner}: retiring segment {Segment} failed; it is tried again")]
    private static partial void LogRetireFailed(ILogger logger, Exception e, string owner, int segment);
}

/// <summary>The shared log's size at one moment.</summary>
public readonly record struct WalStats(int Segments, long Bytes, int PinnedActivations, long QueuedBytes);
