namespace TraceGrains;

/// <summary>What a trace, span, workspace or feedback id may look like.</summary>
public static class IdRules
{
    public const int MaxIdLength = 128;

    /// <summary>
    /// 1 to 128 characters of ASCII letters, digits and <c>- _ . :</c>: enough for UUIDs, W3C hex ids
    /// and the readable ids people give Portkey, and safe inside blob names and grain keys.
    /// </summary>
    public static bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength) return false;
        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':')) return false;
        }
        return true;
    }

    public const string Description = "1 to 128 characters of ASCII letters, digits, '-', '_', '.' or ':'";
}
