using System.Buffers;
using System.Runtime.InteropServices;

namespace TraceGrains.Grains.Tests;

/// <summary>Rented payload buffers: large ones are left to the GC, not kept by the shared pool; bytes survive growth and compression.</summary>
public sealed class PooledBytesTests
{
    private static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++) bytes[i] = (byte)(i * 31 % 251);
        return bytes;
    }

    private static byte[] ArrayOf(PooledBytes bytes) =>
        MemoryMarshal.TryGetArray(bytes.Memory, out var segment) ? segment.Array! : throw new InvalidOperationException("not array-backed");

    [Fact]
    public void LargePayload_IsNotKeptByTheSharedPool_AfterDispose()
    {
        var raw = Pattern(3 * 1024 * 1024);
        var written = PooledBytes.Write(w => w.Write(raw));
        var array = ArrayOf(written);
        Assert.Equal(raw, written.Memory.ToArray());
        written.Dispose();

        // Had it gone back to the shared pool, this thread's next rent of its size would get it again.
        var next = ArrayPool<byte>.Shared.Rent(array.Length);
        try { Assert.NotSame(array, next); }
        finally { ArrayPool<byte>.Shared.Return(next); }
    }

    [Fact]
    public void Grow_AcrossThePoolLimit_KeepsTheBytesUsed()
    {
        var used = PooledBytes.MaxPooledLength - 1000;
        var array = PooledBytes.Rent(used);
        var pattern = Pattern(used);
        pattern.CopyTo(array, 0);

        PooledBytes.Grow(ref array, used);

        Assert.True(array.Length > PooledBytes.MaxPooledLength, $"grown to {array.Length}");
        Assert.Equal(pattern, array[..used]);
        PooledBytes.Return(array);   // not from the pool: left to the GC, without an error
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(5 * 1024 * 1024)]
    public void Compress_ThenDecompress_GivesTheSameBytes(int length)
    {
        var raw = Pattern(length);
        using var packed = PooledBytes.Compress(raw, quality: 1);
        Assert.NotNull(packed);
        Assert.True(packed.Length < length / 4, $"{packed.Length} bytes for {length} of a repeating pattern");
        using var expanded = PooledBytes.Decompress(packed.Memory.Span);
        Assert.Equal(raw, expanded.Memory.ToArray());
    }
}
