using System.Security.Cryptography;

namespace TraceGrains.Api.Auth;

/// <summary>
/// A workspace key as clients carry it: <c>tg_{keyId}_{secret}</c>. The key id (16 hex characters)
/// names the stored record, so validation reads one blob instead of scanning; the secret is 32
/// random bytes in base64url and is never stored, only its salted hash.
/// </summary>
public readonly record struct ApiKey(string KeyId, string Secret)
{
    private const string Prefix = "tg_";
    private const int KeyIdLength = 16;
    private const int SecretLength = 43;

    public override string ToString() => $"{Prefix}{KeyId}_{Secret}";

    public static ApiKey Generate() => new(
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(KeyIdLength / 2)),
        Base64Url(RandomNumberGenerator.GetBytes(32)));

    public static bool TryParse(string? text, out ApiKey key)
    {
        key = default;
        if (text is null || text.Length != Prefix.Length + KeyIdLength + 1 + SecretLength
            || !text.StartsWith(Prefix, StringComparison.Ordinal) || text[Prefix.Length + KeyIdLength] != '_')
            return false;
        var keyId = text.Substring(Prefix.Length, KeyIdLength);
        var secret = text[(Prefix.Length + KeyIdLength + 1)..];
        if (!keyId.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f')) return false;
        if (!secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return false;
        key = new ApiKey(keyId, secret);
        return true;
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
