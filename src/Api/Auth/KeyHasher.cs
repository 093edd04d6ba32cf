using System.Security.Cryptography;
using System.Text;

namespace TraceGrains.Api.Auth;

/// <summary>
/// SHA-256 over salt and secret. Secrets are 256 random bits, so there is nothing for a slow KDF to
/// protect against guessing; the salt only keeps equal secrets from having equal hashes.
/// </summary>
public static class KeyHasher
{
    public static (string Salt, string Hash) Hash(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return (Convert.ToBase64String(salt), Convert.ToBase64String(Compute(salt, secret)));
    }

    /// <summary>Constant-time comparison of the presented secret's hash with the stored one.</summary>
    public static bool Matches(KeyRecord record, string secret)
    {
        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(record.Salt);
            expected = Convert.FromBase64String(record.Hash);
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Compute(salt, secret), expected);
    }

    private static byte[] Compute(byte[] salt, string secret)
    {
        var secretBytes = Encoding.UTF8.GetBytes(secret);
        var input = new byte[salt.Length + secretBytes.Length];
        salt.CopyTo(input, 0);
        secretBytes.CopyTo(input, salt.Length);
        return SHA256.HashData(input);
    }
}
