using System.Text.RegularExpressions;

namespace TraceGrains.Api.Auth;

/// <summary>What a workspace id may look like: short, lowercase, safe in grain keys and blob names.</summary>
public static partial class WorkspaceIds
{
    public const string Pattern = "^[a-z0-9][a-z0-9-]{0,62}$";
    public const string Description = "1 to 63 characters of lowercase ASCII letters, digits and '-', starting with a letter or digit";

    public static bool IsValid(string? id) => id is not null && Regex().IsMatch(id);

    [GeneratedRegex(Pattern)]
    private static partial Regex Regex();
}
