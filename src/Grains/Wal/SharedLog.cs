using System.Buffers;
using System.Text;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TraceGrains.Grains.Storage;

namespace TraceGrains.Grains.Wal;

/// <summary>
/// The silo's write-ahead log, shared by every trace it hosts (group commit across traces): writes
/// queue here, and one append block makes everything queued durable together, so storage requests
/// per span fall as load rises. Segments are append blobs <c>wal/{silo}/{segment}</c>; a segment is
/// deleted once every trace with records in it has checkpointed them to its own storage.
/// </summary>
public sealed partial class SharedLog(
    BlobContainerProvider containers,
    ILocalSiloDetails silo,
    IOptions<WalOptions> options,
    TimeProvider time,
    ILogger<SharedLog> logger)
{
    private readonly object _lock = new();
    private readonly Queue<Pending> _queue = new();
    private readonly SortedDictionary<int, WalSegment> _segments = [];
    private readonly Dictionary<WalPin, Dictionary<int, int>> _pinsByActivation = [];
    private readonly WalOptions _options = options.Value;
    private long _queuedBytes;
    private int _flushers;
    private WalSegment? _current;

    private SemaphoreSlim? _checkpointSlots;

    /// <summary>Checkpoint writes take a slot, so that no storm of them swamps storage.</summary>
    public SemaphoreSlim CheckpointSlots => LazyInitializer.EnsureInitialized(ref _checkpointSlots, () => new SemaphoreSlim(_options.MaxConcurrentCheckpoints));

    /// <summary>This silo's folder in the log; an escaped silo address, unique per silo start.</summary>
    public string Owner { get; } = WalNames.Owner(silo.SiloAddress);

    private sealed record Pending(WalPin Pin, byte[] Key, PooledBytes Payload, TaskCompletionSource<int> Done)
    {
        public int Size => WalFrames.SizeOf(Key.Length, Payload.Length);
    }

    /// <summary>
    /// Queues one serialized journal entry of <paramref name="pin"/>'s trace; completes with the
    /// segment number once it is durable, pinned there until the activation checkpoints. The log
    /// owns <paramref name="payload"/> and disposes it once it is copied into an append (or refused).
    /// </summary>
    public Task<int> AppendAsync(WalPin pin, PooledBytes payload)
    {
        var pending = new Pending(pin, Encoding.UTF8.GetBytes(pin.TraceKey), payload,
            new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously));
        bool startFlusher;
        lock (_lock)
        {
            if (_queuedBytes + pending.Size > _options.MaxQueuedBytes)
            {
                payload.Dispose();
                WalMetrics.Refused();
                throw new TraceStoreUnavailableException($"The write-ahead log has {_queuedBytes} bytes waiting (limit {_options.MaxQueuedBytes}); retry.");
            }
            _queue.Enqueue(pending);
            _queuedBytes += pending.Size;
            startFlusher = _flushers == 0 || _flushers < _options.MaxConcurrentAppends && _queuedBytes >= _options.ParallelAppendMinBytes;
            if (startFlusher) _flushers++;
        }
        // Off the caller's (grain's) scheduler: the flusher serves every trace.
        if (startFlusher) _ = Task.Run(FlushLoopAsync);
        return pending.Done.Task;
    }

    private async Task FlushLoopAsync()
    {
        while (true)
        {
            List<Pending> batch = [];
            WalSegment segment;
            var bytes = 0;
            lock (_lock)
            {
                while (_queue.TryPeek(out var next) && (batch.Count == 0 || bytes + next.Size <= _options.MaxAppendBytes))
                {
                    batch.Add(_queue.Dequeue());
                    bytes += next.Size;
                }
                if (batch.Count == 0)
                {
                    _flushers--;
                    return;
                }
                _queuedBytes -= bytes;
                segment = CurrentSegment();
                segment.InFlight++;
            }
            await AppendBatchAsync(segment, batch, bytes);
        }
    }

    private async Task AppendBatchAsync(WalSegment segment, List<Pending> batch, int bytes)
    {
        // Pooled: an append is often hundreds of KB, and a fresh array that size would be a large-object
        // allocation per append, each pushing the GC toward a full collection of every span held.
        var buffer = ArrayPool<byte>.Shared.Rent(bytes);
        var at = 0;
        foreach (var p in batch)
        {
            at += WalFrames.Write(buffer.AsSpan(at), p.Key, p.Payload.Memory.Span);
            p.Payload.Dispose();
        }
        // Compressed: storage spends CPU on every byte it takes, and where it shares the silo's cores
        // (Azurite here) that CPU is taken from ingestion (docs/BENCHMARKS.md).
        byte[]? packed = null;
        var stored = bytes;
        if (_options.CompressionQuality > 0)
        {
            packed = ArrayPool<byte>.Shared.Rent(WalFrames.MaxCompressedSize(bytes));
            var length = WalFrames.Compress(buffer.AsSpan(0, bytes), packed, _options.CompressionQuality);
            if (length > 0) stored = length;
        }
        var started = time.GetTimestamp();
        try
        {
            await segment.Created!.Value;
            using var stream = new MemoryStream(stored < bytes ? packed! : buffer, 0, stored, writable: false);
            await Blob(segment.Number).AppendBlockAsync(stream);
        }
        catch (Exception e)
        {
            lock (_lock) segment.InFlight--;
            LogAppendFailed(logger, e, Owner, segment.Number, batch.Count);
            WalMetrics.AppendFailed();
            var error = new TraceStoreUnavailableException("The write-ahead log append failed; nothing in it was acknowledged.", e);
            foreach (var p in batch) p.Done.TrySetException(error);
            return;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (packed is not null) ArrayPool<byte>.Shared.Return(packed);
        }
        lock (_lock)
        {
            segment.InFlight--;
            segment.Bytes += stored;
            segment.Appends++;
            foreach (var p in batch) AddPin(segment, p.Pin);
            if (segment.Appends >= _options.SegmentMaxAppends || segment.Bytes >= _options.SegmentMaxBytes) Seal(segment);
        }
        WalMetrics.Appended(batch.Count, stored, time.GetElapsedTime(started));
        foreach (var p in batch) p.Done.TrySetResult(segment.Number);
    }

    private AppendBlobClient Blob(int segment) => containers.Container.GetAppendBlobClient(WalNames.Segment(Owner, segment));

    [LoggerMessage(Level = LogLevel.Error, Message = "Log {Owner}: append to segment {Segment} failed; {Records} records refused")]
    private static partial void LogAppendFailed(ILogger logger, Exception e, string owner, int segment, int records);
}
