using System.Text;

namespace TraceGrains.Api.Tests.Hostile;

public enum Outcome
{
    /// <summary>A 4xx naming the field, or a 2xx whose rejections name it.</summary>
    Refused,
    /// <summary>Stored, or refused naming the field: both are fine, a 5xx is not.</summary>
    Either,
    /// <summary>Stored whole.</summary>
    Accepted,
}

/// <summary>One named hostile request body and what the node must answer.</summary>
public sealed record HostileCase(string Name, Func<byte[]> Body, string ContentType, string Field, Outcome Outcome, string? Encoding = null)
{
    public static HostileCase Json(string name, Func<string> json, string field, Outcome outcome = Outcome.Refused) =>
        new(name, () => System.Text.Encoding.UTF8.GetBytes(json()), "application/json", field, outcome);

    public void Check(Answer answer)
    {
        switch (Outcome)
        {
            case Outcome.Refused: HostileAssert.Refused(answer, Field, Name); break;
            case Outcome.Either: HostileAssert.NamesField(answer, Field, Name); break;
            default: HostileAssert.Accepted(answer, Name); break;
        }
    }
}

/// <summary>Building blocks of nasty bodies.</summary>
public static class Nasty
{
    public static string Nested(int depth, char open = '[', char close = ']', string inner = "") =>
        new string(open, depth) + inner + new string(close, depth);

    public static string NestedObjects(int depth) =>
        new StringBuilder().Insert(0, "{\"a\":", depth).Append("1").Append('}', depth).ToString();

    public static string Big(int bytes) => new('x', bytes);

    public static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>The UTF-8 of <paramref name="before"/>, two bytes that are never valid UTF-8, then <paramref name="after"/>.</summary>
    public static byte[] InvalidUtf8(string before, string after) =>
        [.. System.Text.Encoding.UTF8.GetBytes(before), 0xFF, 0xFE, 0xC3, .. System.Text.Encoding.UTF8.GetBytes(after)];

    public static byte[] Gzip(byte[] data)
    {
        var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.SmallestSize)) zip.Write(data);
        return buffer.ToArray();
    }

    /// <summary>A small gzip stream that inflates to <paramref name="bytes"/> zeros.</summary>
    public static byte[] GzipBomb(int bytes)
    {
        var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.SmallestSize))
        {
            var zeros = new byte[1024 * 1024];
            for (var written = 0; written < bytes; written += zeros.Length) zip.Write(zeros, 0, Math.Min(zeros.Length, bytes - written));
        }
        return buffer.ToArray();
    }
}
