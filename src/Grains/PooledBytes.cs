using System.Buffers;
using System.IO.Compression;
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
    /// <summary>
    /// Arrays up to this length come from the shared pool and go back to it; longer ones are allocated
    /// and left to the GC. The shared pool keeps what it is given (dozens of arrays per size per core),
    /// so pooling the few huge payloads (a 100,000-span snapshot, an oversize or hostile request body)
    /// would keep that memory held long after they were gone.
    /// </summary>
    public const int MaxPooledLength = 1024 * 1024;

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
            var array = Rent(length);
            writer.Value.CopyTo(array.AsSpan(0, length));
            return new PooledBytes(array, length);
        }
        finally
        {
            writer.Value.Dispose();
        }
    }

    /// <summary><paramref name="raw"/> as a Brotli stream, or null when that would not be smaller.</summary>
    public static PooledBytes? Compress(ReadOnlySpan<byte> raw, int quality)
    {
        var array = Rent(BrotliEncoder.GetMaxCompressedLength(raw.Length));
        if (BrotliEncoder.TryCompress(raw, array, out var written, quality, window: 22) && written < raw.Length)
            return new PooledBytes(array, written);
        Return(array);
        return null;
    }

    /// <summary>A Brotli stream expanded; throws <see cref="InvalidDataException"/> when it is not one.</summary>
    public static PooledBytes Decompress(ReadOnlySpan<byte> compressed)
    {
        var array = Rent(Math.Max(4096, compressed.Length * 4));
        var length = 0;
        using var decoder = new BrotliDecoder();
        try
        {
            while (true)
            {
                var status = decoder.Decompress(compressed, array.AsSpan(length), out var consumed, out var written);
                compressed = compressed[consumed..];
                length += written;
                switch (status)
                {
                    case OperationStatus.Done:
                        return new PooledBytes(array, length);
                    case OperationStatus.DestinationTooSmall when array.Length < Array.MaxLength:
                        Grow(ref array, length);
                        break;
                    default:
                        throw new InvalidDataException($"Not a whole Brotli stream ({status} after {length} bytes).");
                }
            }
        }
        catch
        {
            Return(array);
            throw;
        }
    }

    /// <summary>
    /// Replaces the rented <paramref name="array"/> by one rented at twice its size (up to the largest
    /// array there can be) holding its first <paramref name="used"/> bytes, and gives the old one back.
    /// </summary>
    public static void Grow(ref byte[] array, int used)
    {
        var larger = Rent((int)Math.Min(2L * array.Length, Array.MaxLength));
        array.AsSpan(0, used).CopyTo(larger);
        Return(array);
        array = larger;
    }

    /// <summary>An array of at least <paramref name="length"/> bytes: pooled up to <see cref="MaxPooledLength"/>, else new.</summary>
    public static byte[] Rent(int length) =>
        length <= MaxPooledLength ? ArrayPool<byte>.Shared.Rent(length) : GC.AllocateUninitializedArray<byte>(length);

    /// <summary>Gives back an array from <see cref="Rent"/>: to the pool if it came from there, else to the GC.</summary>
    public static void Return(byte[] array)
    {
        if (array.Length <= MaxPooledLength) ArrayPool<byte>.Shared.Return(array);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _array, null) is { } array) Return(array);
    }
}
