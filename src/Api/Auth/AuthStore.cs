using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using TraceGrains.Grains.Storage;

namespace TraceGrains.Api.Auth;

/// <summary>
/// Workspaces and key records as small JSON blobs in the service's container, read directly by
/// API nodes (they are stateless; every node sees the same records). Writes are conditional, so two
/// nodes ensuring the same record, or revoking at once, cannot overwrite each other blindly.
/// </summary>
public sealed class AuthStore(BlobContainerProvider provider)
{
    private const string KeysPrefix = "auth/keys/";
    private const string WorkspacesPrefix = "auth/workspaces/";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task EnsureContainerAsync() => provider.EnsureCreatedAsync();

    public async Task<KeyRecord?> GetKeyAsync(string keyId, CancellationToken ct = default) =>
        (await ReadAsync<KeyRecord>(KeysPrefix + keyId + ".json", ct)).Value;

    public Task<bool> CreateKeyAsync(KeyRecord key) => CreateAsync(KeysPrefix + key.KeyId + ".json", key);

    public Task<KeyRecord?> UpdateKeyAsync(string keyId, Func<KeyRecord, KeyRecord> change) =>
        UpdateAsync(KeysPrefix + keyId + ".json", change);

    public IAsyncEnumerable<KeyRecord> ListKeysAsync(CancellationToken ct = default) => ListAsync<KeyRecord>(KeysPrefix, ct);

    public async Task<WorkspaceRecord?> GetWorkspaceAsync(string id, CancellationToken ct = default) =>
        (await ReadAsync<WorkspaceRecord>(WorkspacesPrefix + id + ".json", ct)).Value;

    public Task<bool> CreateWorkspaceAsync(WorkspaceRecord workspace) => CreateAsync(WorkspacesPrefix + workspace.Id + ".json", workspace);

    public Task<WorkspaceRecord?> UpdateWorkspaceAsync(string id, Func<WorkspaceRecord, WorkspaceRecord> change) =>
        UpdateAsync(WorkspacesPrefix + id + ".json", change);

    public IAsyncEnumerable<WorkspaceRecord> ListWorkspacesAsync(CancellationToken ct = default) => ListAsync<WorkspaceRecord>(WorkspacesPrefix, ct);

    private BlobClient Blob(string name) => provider.Container.GetBlobClient(name);

    private async Task<(T? Value, ETag ETag)> ReadAsync<T>(string name, CancellationToken ct) where T : class
    {
        try
        {
            var download = await Blob(name).DownloadContentAsync(ct);
            return (download.Value.Content.ToObjectFromJson<T>(Json), download.Value.Details.ETag);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return (null, default);
        }
    }

    /// <summary>False when the record already exists.</summary>
    private async Task<bool> CreateAsync<T>(string name, T value)
    {
        try
        {
            await Blob(name).UploadAsync(BinaryData.FromObjectAsJson(value, Json),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } });
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Read, change, write with If-Match; retried on a concurrent change. Null when absent.</summary>
    private async Task<T?> UpdateAsync<T>(string name, Func<T, T> change) where T : class
    {
        for (var attempt = 0; ; attempt++)
        {
            var (current, etag) = await ReadAsync<T>(name, CancellationToken.None);
            if (current is null) return null;
            var changed = change(current);
            try
            {
                await Blob(name).UploadAsync(BinaryData.FromObjectAsJson(changed, Json),
                    new BlobUploadOptions { Conditions = new BlobRequestConditions { IfMatch = etag } });
                return changed;
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < 5)
            {
            }
        }
    }

    private async IAsyncEnumerable<T> ListAsync<T>(string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        where T : class
    {
        await foreach (var item in provider.Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, ct))
        {
            if ((await ReadAsync<T>(item.Name, ct)).Value is { } value) yield return value;
        }
    }
}
