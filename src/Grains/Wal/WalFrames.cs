using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace TraceGrains.Grains.Wal;

/// <summary>
/// A log record: <c>[u32 length of the rest][u16 key length][key, UTF-8][payload]</c>, where the
/// payload is one serialized journal entry. Records of many traces share one append; an append block
/// is atomic, so a record is whole or absent. An append may instead hold its records compressed:
/// <c>[u32 high bit | compressed length][u32 records' length][Brotli stream of the records]</c>; a
/// record's own length never has the high bit set (an append is at most 4 MiB), so a segment can mix
/// both forms.
/// </summary>
public static class WalFrames
{
    private const uint CompressedBit = 0x8000_0000;
    private const int CompressedHeader = 8;

    /// <summary>The most bytes <see cref="Compress"/> can write for <paramref name="records"/> bytes of records.</summary>
    public static int MaxCompressedSize(int records) => CompressedHeader + BrotliEncoder.GetMaxCompressedLength(records);

    /// <summary>
    /// Writes <paramref name="records"/> as one compressed block into <paramref name="into"/>; returns
    /// its length, or 0 when compressing would not make it smaller (the records are then written as they are).
    /// </summary>
    public static int Compress(ReadOnlySpan<byte> records, Span<byte> into, int quality)
    {
        if (!BrotliEncoder.TryCompress(records, into[CompressedHeader..], out var written, quality, window: 22)
            || CompressedHeader + written >= records.Length)
            return 0;
        BinaryPrimitives.WriteUInt32LittleEndian(into, CompressedBit | (uint)written);
        BinaryPrimitives.WriteUInt32LittleEndian(into[4..], (uint)records.Length);
        return CompressedHeader + written;
    }
    public static int SizeOf(int keyBytes, int payloadBytes) => 4 + 2 + keyBytes + payloadBytes;

    public static int Write(Span<byte> into, ReadOnlySpan<byte> key, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(into, (uint)(2 + key.Length + payload.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(into[4..], (ushort)key.Length);
        key.CopyTo(into[6..]);
        payload.CopyTo(into[(6 + key.Length)..]);
        return SizeOf(key.Length, payload.Length);
    }

    /// <summary>The records of a segment as (trace key, payload) pairs, compressed blocks expanded.</summary>
    public static IEnumerable<(string Key, ReadOnlyMemory<byte> Payload)> Read(ReadOnlyMemory<byte> data)
    {
        var at = 0;
        while (at < data.Length)
        {
            if (data.Length - at < 4) throw new InvalidDataException($"Log record header cut at byte {at}.");
            var header = BinaryPrimitives.ReadUInt32LittleEndian(data.Span[at..]);
            if ((header & CompressedBit) == 0)
            {
                if (data.Length - at < 6) throw new InvalidDataException($"Log record header cut at byte {at}.");
                if (header > data.Length - at - 4) throw new InvalidDataException($"Log record at byte {at} claims {header} bytes.");
                foreach (var pair in ReadPlain(data.Slice(at, 4 + (int)header), at)) yield return pair;
                at += 4 + (int)header;
                continue;
            }
            var compressed = (int)(header & ~CompressedBit);
            if (data.Length - at < CompressedHeader || compressed > data.Length - at - CompressedHeader)
                throw new InvalidDataException($"Compressed log block at byte {at} claims {compressed} bytes.");
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.Span[(at + 4)..]);
            if (length is < 0 or > MaxRecordsBytes) throw new InvalidDataException($"Compressed log block at byte {at} claims {length} bytes of records.");
            var records = new byte[length];
            if (!BrotliDecoder.TryDecompress(data.Span.Slice(at + CompressedHeader, compressed), records, out var written) || written != length)
                throw new InvalidDataException($"Compressed log block at byte {at} does not expand to its {length} bytes.");
            var block = at;
            at += CompressedHeader + compressed;
            foreach (var pair in ReadPlain(records, block)) yield return pair;
        }
    }

    /// <summary>An append holds at most 4 MiB of records (Azure's block limit).</summary>
    private const int MaxRecordsBytes = 4 * 1024 * 1024;

    /// <summary>Plain records; <paramref name="origin"/> is where they start (or their block starts) in the segment, for messages.</summary>
    private static IEnumerable<(string Key, ReadOnlyMemory<byte> Payload)> ReadPlain(ReadOnlyMemory<byte> data, int origin)
    {
        var at = 0;
        while (at < data.Length)
        {
            if (data.Length - at < 6) throw new InvalidDataException($"Log record header cut at byte {origin + at}.");
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.Span[at..]);
            var keyLength = BinaryPrimitives.ReadUInt16LittleEndian(data.Span[(at + 4)..]);
            if (length < 2 + keyLength || length > data.Length - at - 4)
                throw new InvalidDataException($"Log record at byte {origin + at} claims {length} bytes.");
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
