namespace TraceGrains.Api.Auth;

/// <summary>Creating and revoking workspaces and keys; used by the admin endpoints and at start.</summary>
public sealed class KeyAdmin(AuthStore store, KeyValidator validator, TimeProvider time)
{
    /// <summary>Null when the id is taken, also by a deleted workspace (ids are never reused).</summary>
    public async Task<WorkspaceRecord?> CreateWorkspaceAsync(string id, string? name)
    {
        var workspace = new WorkspaceRecord(id, name, time.GetUtcNow(), null);
        return await store.CreateWorkspaceAsync(workspace) ? workspace : null;
    }

    /// <summary>The workspace, created if missing; null if it was deleted.</summary>
    public async Task<WorkspaceRecord?> EnsureWorkspaceAsync(string id)
    {
        var existing = await store.GetWorkspaceAsync(id) ?? await CreateWorkspaceAsync(id, null) ?? await store.GetWorkspaceAsync(id);
        return existing is { DeletedAt: null } ? existing : null;
    }

    /// <summary>A new key for a live workspace, returned whole this once; null if the workspace is unknown or deleted.</summary>
    public async Task<(ApiKey Key, KeyRecord Record)?> CreateKeyAsync(string workspaceId, string? name, ApiKey? given = null)
    {
        if (await store.GetWorkspaceAsync(workspaceId) is not { DeletedAt: null }) return null;
        var key = given ?? ApiKey.Generate();
        var (salt, hash) = KeyHasher.Hash(key.Secret);
        var record = new KeyRecord(key.KeyId, workspaceId, KeyRecord.WorkspaceRole, name, salt, hash, time.GetUtcNow(), null);
        if (await store.CreateKeyAsync(record)) return (key, record);
        // Only a given key can collide (generated ids are 64 random bits): keep it if it is the same key.
        var stored = await store.GetKeyAsync(key.KeyId);
        return stored is not null && stored.WorkspaceId == workspaceId && KeyHasher.Matches(stored, key.Secret) ? (key, stored) : null;
    }

    public async Task<KeyRecord?> RevokeKeyAsync(string keyId)
    {
        var now = time.GetUtcNow();
        var revoked = await store.UpdateKeyAsync(keyId, k => k.RevokedAt is null ? k with { RevokedAt = now } : k);
        validator.Forget(keyId);
        return revoked;
    }

    /// <summary>Revokes every key of the workspace, then marks it deleted. Null when unknown.</summary>
    public async Task<WorkspaceRecord?> DeleteWorkspaceAsync(string id)
    {
        if (await store.GetWorkspaceAsync(id) is null) return null;
        await foreach (var key in store.ListKeysAsync())
        {
            if (key.WorkspaceId == id && key.RevokedAt is null) await RevokeKeyAsync(key.KeyId);
        }
        var now = time.GetUtcNow();
        var deleted = await store.UpdateWorkspaceAsync(id, w => w.DeletedAt is null ? w with { DeletedAt = now } : w);
        validator.ForgetAll();
        return deleted;
    }

    public async Task<List<KeyRecord>> ListKeysAsync(string workspaceId)
    {
        var keys = new List<KeyRecord>();
        await foreach (var key in store.ListKeysAsync())
        {
            if (key.WorkspaceId == workspaceId) keys.Add(key);
        }
        return keys;
    }

    public async Task<List<WorkspaceRecord>> ListWorkspacesAsync()
    {
        var workspaces = new List<WorkspaceRecord>();
        await foreach (var w in store.ListWorkspacesAsync()) workspaces.Add(w);
        return workspaces;
    }
}
