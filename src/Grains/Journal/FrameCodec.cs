using System.Buffers.Binary;
using Orleans.Serialization;

namespace TraceGrains.Grains.Journal;

/// <summary>
/// Frames log records as <c>[u32 little-endian length][Orleans-serialized record]</c>. Several
/// frames go into one append, and an append block is atomic, so a frame is either whole or absent.
/// </summary>
public sealed class FrameCodec<T>(Serializer<T> serializer)
{
    public byte[] Encode(IReadOnlyList<T> records)
    {
        var payloads = records.Select(e => serializer.SerializeToArray(e)).ToList();
        var buffer = new byte[payloads.Sum(p => p.Length + 4)];
        var at = 0;
        foreach (var payload in payloads)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(at), (uint)payload.Length);
            payload.CopyTo(buffer.AsSpan(at + 4));
            at += 4 + payload.Length;
        }
        return buffer;
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
