using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace TraceGrains.Api.Auth;

/// <summary>
/// Checks presented keys. The admin key from configuration is compared by hash in constant time;
/// workspace keys are looked up by key id and their salted hash compared in constant time. Results
/// are cached per node for <see cref="AuthOptions.CacheSeconds"/> (negative ones for
/// <see cref="AuthOptions.NegativeCacheSeconds"/>), which bounds how long a revoked key keeps working.
/// The cache is keyed by a hash of the key, so no secret is held in it.
/// </summary>
public sealed class KeyValidator
{
    private readonly AuthStore _store;
    private readonly TimeProvider _time;
    private readonly AuthOptions _options;
    private readonly byte[]? _adminHash;
    private readonly ConcurrentDictionary<string, (KeyCheck Check, string? KeyId, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<KeyCheck>> _inFlight = new(StringComparer.Ordinal);

    public KeyValidator(AuthStore store, TimeProvider time, IOptions<AuthOptions> options, Grains.Hosting.ClusterOptions cluster)
    {
        _store = store;
        _time = time;
        _options = options.Value;
        var admin = _options.AdminKey;
        if (string.IsNullOrEmpty(admin) && _options.GenerateKeys && cluster.HostsSilo)
            GeneratedAdminKey = admin = "tga_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _adminHash = string.IsNullOrEmpty(admin) ? null : Digest(admin);
    }

    /// <summary>The admin key made at start because none was configured, to be printed once.</summary>
    public string? GeneratedAdminKey { get; }

    public async Task<KeyCheck> CheckAsync(string presented, CancellationToken ct)
    {
        var digest = Digest(presented);
        if (_adminHash is not null && CryptographicOperations.FixedTimeEquals(digest, _adminHash))
            return KeyCheck.Valid(Caller.Admin);
        if (!ApiKey.TryParse(presented, out var key)) return KeyCheck.Refused("malformed");

        var cacheKey = Convert.ToBase64String(digest);
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(cacheKey, out var cached) && cached.Until > now) return cached.Check;

        // One lookup per key at a time: when a cached result expires under load, every request for
        // that key would otherwise read the key store at once.
        var lookup = _inFlight.GetOrAdd(cacheKey, _ => LookUpAsync(key, CancellationToken.None));
        KeyCheck check;
        try
        {
            check = await lookup.WaitAsync(ct);
        }
        finally
        {
            if (lookup.IsCompleted) _inFlight.TryRemove(KeyValuePair.Create(cacheKey, lookup));
        }
        var ttl = TimeSpan.FromSeconds(check.Caller is null ? _options.NegativeCacheSeconds : _options.CacheSeconds);
        if (ttl > TimeSpan.Zero)
        {
            if (_cache.Count >= _options.MaxCachedKeys) _cache.Clear();
            _cache[cacheKey] = (check, key.KeyId, now + ttl);
        }
        return check;
    }

    /// <summary>Drops this node's cached results for a key, so a revocation here takes effect at once.</summary>
    public void Forget(string keyId)
    {
        foreach (var (cacheKey, entry) in _cache)
        {
            if (entry.KeyId == keyId) _cache.TryRemove(cacheKey, out _);
        }
    }

    /// <summary>Drops every cached result (a workspace was deleted).</summary>
    public void ForgetAll() => _cache.Clear();

    private async Task<KeyCheck> LookUpAsync(ApiKey key, CancellationToken ct)
    {
        var record = await _store.GetKeyAsync(key.KeyId, ct);
        if (record is null || !KeyHasher.Matches(record, key.Secret)) return KeyCheck.Refused("unknown");
        if (record.RevokedAt is not null) return KeyCheck.Refused("revoked");
        var workspace = await _store.GetWorkspaceAsync(record.WorkspaceId, ct);
        if (workspace is null || workspace.DeletedAt is not null) return KeyCheck.Refused("revoked");
        return KeyCheck.Valid(new Caller(record.KeyId, record.WorkspaceId, IsAdmin: false));
    }

    private static byte[] Digest(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));
}
