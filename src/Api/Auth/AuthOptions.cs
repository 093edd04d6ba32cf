using System.ComponentModel.DataAnnotations;

namespace TraceGrains.Api.Auth;

/// <summary>API keys and their cache. Section <c>TraceGrains:Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "TraceGrains:Auth";

    /// <summary>
    /// The bootstrap admin key (any string of at least 24 characters). Unset on the single-node
    /// default: one is generated at start and printed. Unset on a node without a silo: no admin access.
    /// </summary>
    [MinLength(24)] public string? AdminKey { get; set; }

    /// <summary>
    /// A workspace key (<c>tg_{keyId}_{secret}</c>) ensured at start in <see cref="DevWorkspace"/>.
    /// Unset on the single-node default: one is generated and printed (scripts/run.sh keeps one in .data/dev-key).
    /// </summary>
    public string? DevKey { get; set; }

    /// <summary>Workspace the development key belongs to.</summary>
    [Required, RegularExpression(WorkspaceIds.Pattern)] public string DevWorkspace { get; set; } = TraceKey.DefaultWorkspace;

    /// <summary>Whether a node that co-hosts its silo generates the admin and dev keys it was not given.</summary>
    public bool GenerateKeys { get; set; } = true;

    /// <summary>Whether generated and development keys are printed to the console at start.</summary>
    public bool PrintKeys { get; set; } = true;

    /// <summary>How long a validated key is trusted without reading storage: the revocation delay.</summary>
    [Range(0, 300)] public double CacheSeconds { get; set; } = 2;

    /// <summary>How long an unknown or revoked key is remembered as such.</summary>
    [Range(0, 300)] public double NegativeCacheSeconds { get; set; } = 1;

    /// <summary>Cached key results per node; past it the cache starts over (bounds memory under key spraying).</summary>
    [Range(16, 10_000_000)] public int MaxCachedKeys { get; set; } = 100_000;
}
