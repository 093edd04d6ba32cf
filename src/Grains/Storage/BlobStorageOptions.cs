using System.ComponentModel.DataAnnotations;

namespace TraceGrains.Grains.Storage;

/// <summary>Where trace state lives. Section <c>TraceGrains:Storage</c>.</summary>
public sealed class BlobStorageOptions
{
    public const string Section = "TraceGrains:Storage";

    /// <summary>Azure Storage connection string; the default reaches Azurite on 127.0.0.1:10000.</summary>
    [Required] public string ConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>Blob container for snapshots, journals and links (3-63 lowercase letters, digits, '-').</summary>
    [Required, RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")]
    public string ContainerName { get; set; } = "tracegrains";

    /// <summary>
    /// Seconds one storage request may take before it is abandoned (and retried). Attempts times this
    /// must stay under the 10 s grain call timeout (ClusterConfiguration), so that a slow store surfaces as a
    /// retryable failure the API turns into 503, not as a grain call that times out.
    /// </summary>
    [Range(1, 300)] public int RequestTimeoutSeconds { get; set; } = 4;

    /// <summary>
    /// Brotli quality of grain state blobs (trace snapshots), 1 (fastest) to 11; 0 stores them as
    /// serialized. Compressed blobs say so in their Content-Encoding, so both forms stay readable.
    /// </summary>
    [Range(0, 11)] public int CompressionQuality { get; set; } = 1;

    /// <summary>Retries of a failed storage request before the caller sees the failure.</summary>
    [Range(0, 10)] public int MaxRetries { get; set; } = 1;
}
