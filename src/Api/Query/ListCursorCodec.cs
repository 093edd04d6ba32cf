using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using TraceGrains.Api.V1;

using TraceGrains.Api.Errors;

namespace TraceGrains.Api.Query;

/// <summary>List cursors: a <see cref="ListCursor"/> message and its HMAC, in base64url.</summary>
public sealed class ListCursorCodec(IOptions<QueryOptions> options)
{
    private const int MacBytes = 16;
    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.CursorSecret);

    public string Encode(ListCursor cursor)
    {
        var body = cursor.ToByteArray();
        return Base64Url(body.Concat(Mac(body)).ToArray());
    }

    /// <summary>Throws <see cref="FieldException"/> naming <c>cursor</c> for anything not issued here.</summary>
    public ListCursor Decode(string text)
    {
        byte[] raw;
        try
        {
            raw = Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/').PadRight((text.Length + 3) / 4 * 4, '='));
        }
        catch (FormatException)
        {
            throw new FieldException("cursor", "not a cursor this service issued");
        }
        if (raw.Length <= MacBytes || !CryptographicOperations.FixedTimeEquals(Mac(raw[..^MacBytes]), raw[^MacBytes..]))
            throw new FieldException("cursor", "not a cursor this service issued");
        try
        {
            return ListCursor.Parser.ParseFrom(raw[..^MacBytes]);
        }
        catch (InvalidProtocolBufferException)
        {
            // Only reachable with the signing secret: a bug or a leaked secret, still not a 500.
            throw new FieldException("cursor", "not a cursor this service issued");
        }
    }

    private byte[] Mac(byte[] body) => HMACSHA256.HashData(_key, body)[..MacBytes];

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
