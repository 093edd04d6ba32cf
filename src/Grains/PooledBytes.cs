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

    /// <summary><paramref name="raw"/> as a Brotli stream, or null when that would not be smaller.</summary>
    public static PooledBytes? Compress(ReadOnlySpan<byte> raw, int quality)
    {
        var array = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(raw.Length));
        if (BrotliEncoder.TryCompress(raw, array, out var written, quality, window: 22) && written < raw.Length)
            return new PooledBytes(array, written);
        ArrayPool<byte>.Shared.Return(array);
        return null;
    }

    /// <summary>A Brotli stream expanded; throws <see cref="InvalidDataException"/> when it is not one.</summary>
    public static PooledBytes Decompress(ReadOnlySpan<byte> compressed)
    {
        var array = ArrayPool<byte>.Shared.Rent(Math.Max(4096, compressed.Length * 4));
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
            ArrayPool<byte>.Shared.Return(array);
            throw;
        }
    }

    /// <summary>
    /// Replaces the rented <paramref name="array"/> by one rented at twice its size (up to the largest
    /// array there can be) holding its first <paramref name="used"/> bytes, and gives the old one back.
    /// </summary>
    public static void Grow(ref byte[] array, int used)
    {
        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(2L * array.Length, Array.MaxLength));
        array.AsSpan(0, used).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(array);
        array = larger;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _array, null) is { } array) ArrayPool<byte>.Shared.Return(array);
    }
}
