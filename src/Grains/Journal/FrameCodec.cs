using System.Buffers.Binary;
using Orleans.Serialization;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Buffers.Adaptors;

namespace TraceGrains.Grains.Journal;

/// <summary>
/// Frames log records as <c>[u32 little-endian length][Orleans-serialized record]</c>. Several
/// frames go into one append, and an append block is atomic, so a frame is either whole or absent.
/// </summary>
public sealed class FrameCodec<T>(Serializer<T> serializer)
{
    /// <summary>
    /// The frames of <paramref name="records"/> in one array. Each record is serialized once into pooled
    /// memory and copied into the result, so a large record (a checkpoint of many spans) costs one
    /// allocation of its size, not the two that serializing to an array and then framing it would.
    /// </summary>
    public byte[] Encode(IReadOnlyList<T> records)
    {
        var payloads = new BufferWriterBox<PooledBuffer>[records.Count];
        try
        {
            var total = 0;
            for (var i = 0; i < payloads.Length; i++)
            {
                payloads[i] = new BufferWriterBox<PooledBuffer>(new PooledBuffer());
                serializer.Serialize(records[i], payloads[i]);
                total += 4 + payloads[i].Value.Length;
            }
            var buffer = new byte[total];
            var at = 0;
            foreach (var payload in payloads)
            {
                var length = payload.Value.Length;
                BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(at), (uint)length);
                payload.Value.CopyTo(buffer.AsSpan(at + 4, length));
                at += 4 + length;
            }
            return buffer;
        }
        finally
        {
            foreach (var payload in payloads) payload?.Value.Dispose();
        }
    }

    public IEnumerable<T> Decode(ReadOnlyMemory<byte> data)
    {
        var at = 0;
        while (at < data.Length)
        {
            if (data.Length - at < 4) throw new InvalidDataException($"Log frame header cut at byte {at}.");
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.Span[at..]);
            if (length < 0 || length > data.Length - at - 4)
                throw new InvalidDataException($"Log frame at byte {at} claims {length} bytes.");
            yield return serializer.Deserialize(data.Slice(at + 4, length))
                ?? throw new InvalidDataException($"Log frame at byte {at} holds no record.");
            at += 4 + length;
        }
    }
}
