using System.Text;
using TraceGrains.Grains.Wal;

namespace TraceGrains.Grains.Tests;

/// <summary>The log's record format, plain and in compressed appends, as a segment holds them.</summary>
public sealed class WalFramesTests
{
    private static byte[] Records(params (string Key, string Payload)[] records)
    {
        var size = records.Sum(r => WalFrames.SizeOf(Encoding.UTF8.GetByteCount(r.Key), Encoding.UTF8.GetByteCount(r.Payload)));
        var buffer = new byte[size];
        var at = 0;
        foreach (var (key, payload) in records)
            at += WalFrames.Write(buffer.AsSpan(at), Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(payload));
        return buffer;
    }

    private static byte[] Compressed(byte[] records)
    {
        var into = new byte[WalFrames.MaxCompressedSize(records.Length)];
        var length = WalFrames.Compress(records, into, quality: 1);
        Assert.True(length > 0, "text this repetitive compresses");
        return into[..length];
    }

    private static List<(string, string)> Read(byte[] segment) =>
        [.. WalFrames.Read(segment).Select(r => (r.Key, Encoding.UTF8.GetString(r.Payload.Span)))];

    private static string Attributes(int i) =>
        string.Concat(Enumerable.Range(0, 20).Select(a => $"gen_ai.attribute.{a}=value-{a}-{i % 3};"));

    [Fact]
    public void Segment_MixingPlainAndCompressedAppends_ReadsEveryRecordInOrder()
    {
        var first = Records(("default/t1", Attributes(1)), ("default/t2", Attributes(2)));
        var second = Records(("default/t1", Attributes(3)), ("ws/t3", "é✓ " + Attributes(4)), ("default/t4", ""));
        var third = Records(("default/t5", Attributes(5)));
        var packed = Compressed(second);
        byte[] segment = [.. first, .. packed, .. third];

        Assert.True(packed.Length * 3 < second.Length, $"{second.Length} bytes of records packed into {packed.Length}");
        Assert.Equal(
            [("default/t1", Attributes(1)), ("default/t2", Attributes(2)), ("default/t1", Attributes(3)),
             ("ws/t3", "é✓ " + Attributes(4)), ("default/t4", ""), ("default/t5", Attributes(5))],
            Read(segment));
    }

    [Fact]
    public void Compress_OfBytesThatDoNotShrink_DeclinesSoTheRecordsAreWrittenAsTheyAre()
    {
        var noise = new byte[4096];
        new Random(7).NextBytes(noise);
        var records = Records(("default/t1", Convert.ToBase64String(noise)[..64]));

        Assert.Equal(0, WalFrames.Compress(records, new byte[WalFrames.MaxCompressedSize(records.Length)], quality: 1));
    }

    [Fact]
    public void CompressedAppend_CutOrCorrupted_IsRefusedWithItsPosition()
    {
        var plain = Records(("default/t1", Attributes(1)));
        var packed = Compressed(Records(("default/t2", Attributes(2)), ("default/t3", Attributes(3))));
        byte[] cut = [.. plain, .. packed[..^5]];
        byte[] corrupted = [.. plain, .. packed];
        corrupted[plain.Length + 12] ^= 0xFF;
        corrupted[plain.Length + 13] ^= 0xFF;

        var cutError = Assert.Throws<InvalidDataException>(() => Read(cut));
        var corruptError = Assert.Throws<InvalidDataException>(() => Read(corrupted));

        Assert.Contains($"byte {plain.Length}", cutError.Message);
        Assert.Contains($"byte {plain.Length}", corruptError.Message);
    }
}
