using System.Buffers;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Buffers.Adaptors;

namespace TraceGrains.Grains;

/// <summary>
/// Serialized bytes in an array rented from the shared pool, for payloads that live only until they
/// are written (a log record, a snapshot); <see cref="Dispose"/> gives the array back. Under load the
/// fresh arrays these used to be were a steady share of what the silo allocated, and the large ones
/// (snapshots of big traces) were large-object allocations, each pushing the GC toward a full
/// collection of every span held.
/// </summary>
public sealed class PooledBytes : IDisposable
{
    private byte[]? _array;

    private PooledBytes(byte[] array, int length)
    {
        _array = array;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory =>
        (_array ?? throw new ObjectDisposedException(nameof(PooledBytes))).AsMemory(0, Length);

    /// <summary>What <paramref name="write"/> writes, serialized into pooled segments and then copied into one rented array.</summary>
    public static PooledBytes Write(Action<BufferWriterBox<PooledBuffer>> write)
    {
        var writer = new BufferWriterBox<PooledBuffer>(new PooledBuffer());
        try
        {
            write(writer);
            var length = writer.Value.Length;
            var array = ArrayPool<byte>.Shared.Rent(length);
            writer.Value.CopyTo(array.AsSpan(0, length));
            return new PooledBytes(array, length);
        }
        finally
        {
            writer.Value.Dispose();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _array, null) is { } array) ArrayPool<byte>.Shared.Return(array);
    }
}
