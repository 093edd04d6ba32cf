using System.Buffers.Binary;
using System.Text;

namespace TraceGrains.Grains.Wal;

/// <summary>
/// A log record: <c>[u32 length of the rest][u16 key length][key, UTF-8][payload]</c>, where the
/// payload is one serialized journal entry. Records of many traces share one append; an append block
/// is atomic, so a record is whole or absent.
/// </summary>
public static class WalFrames
{
    public static int SizeOf(int keyBytes, int payloadBytes) => 4 + 2 + keyBytes + payloadBytes;

    public static int Write(Span<byte> into, ReadOnlySpan<byte> key, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(into, (uint)(2 + key.Length + payload.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(into[4..], (ushort)key.Length);
        key.CopyTo(into[6..]);
        payload.CopyTo(into[(6 + key.Length)..]);
        return SizeOf(key.Length, payload.Length);
    }

    /// <summary>The records of a segment as (trace key, payload) pairs.</summary>
    public static IEnumerable<(string Key, ReadOnlyMemory<byte> Payload)> Read(ReadOnlyMemory<byte> data)
    {
        var at = 0;
        while (at < data.Length)
        {
            if (data.Length - at < 6) throw new InvalidDataException($"Log record header cut at byte {at}.");
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.Span[at..]);
            var keyLength = BinaryPrimitives.ReadUInt16LittleEndian(data.Span[(at + 4)..]);
            if (length < 2 + keyLength || length > data.Length - at - 4)
                throw new InvalidDataException($"Log record at byte {at} claims {length} bytes.");
            var key = Encoding.UTF8.GetString(data.Span.Slice(at + 6, keyLength));
            yield return (key, data.Slice(at + 6 + keyLength, length - 2 - keyLength));
            at += 4 + length;
        }
    }

    /// <summary>Payloads re-framed as <c>[u32 length][payload]</c>, the journal format a trace replays.</summary>
    public static byte[] JournalFrames(IReadOnlyList<ReadOnlyMemory<byte>> payloads)
    {
        var buffer = new byte[payloads.Sum(p => p.Length + 4)];
        var at = 0;
        foreach (var payload in payloads)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(at), (uint)payload.Length);
            payload.Span.CopyTo(buffer.AsSpan(at + 4));
            at += 4 + payload.Length;
        }
        return buffer;
    }
}
