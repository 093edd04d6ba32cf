using System.Security.Cryptography;
using System.Text;

namespace TraceGrains.Grains.Wal;

/// <summary>Blob names of the shared log: <c>wal/{escaped silo address}/{segment:D8}</c>.</summary>
public static class WalNames
{
    public const string Root = "wal/";

    public static string Owner(SiloAddress silo) => Uri.EscapeDataString(silo.ToParsableString());

    public static bool TryParseOwner(string owner, out SiloAddress address)
    {
        try
        {
            address = SiloAddress.FromParsableString(Uri.UnescapeDataString(owner));
            return true;
        }
        catch (FormatException)
        {
            address = null!;
            return false;
        }
    }

    public static string Segment(string owner, int segment) => $"{Root}{owner}/{segment:D8}";

    /// <summary>
    /// Every recovering silo proposes the same lease id for a segment: holding it fences the dead
    /// writer's appends, and two recoverers at once both proceed (replaying twice changes nothing).
    /// </summary>
    public static string LeaseId(string blobName) =>
        new Guid(MD5.HashData(Encoding.UTF8.GetBytes(blobName))).ToString();
}
