using System.ComponentModel.DataAnnotations;

namespace TraceGrains.Grains.Hosting;

/// <summary>How silos find each other and how API nodes reach them. Section <c>TraceGrains:Cluster</c>.</summary>
public sealed class ClusterOptions
{
    public const string Section = "TraceGrains:Cluster";

    /// <summary>
    /// <c>Local</c>: one silo with localhost clustering (the API co-hosts it). <c>Redis</c>:
    /// membership in Redis, for several silos and API nodes.
    /// </summary>
    [Required, RegularExpression("^(Local|Redis)$")] public string Mode { get; set; } = "Local";

    /// <summary>StackExchange.Redis configuration string, in Redis mode.</summary>
    [Required] public string RedisConnectionString { get; set; } = "127.0.0.1:6379";

    /// <summary>Identifies one cluster; silos and clients must agree.</summary>
    [Required] public string ClusterId { get; set; } = "tracegrains-dev";

    /// <summary>Identifies the service across deployments (it is part of stored grain ids).</summary>
    [Required] public string ServiceId { get; set; } = "tracegrains";

    /// <summary>Silo-to-silo port.</summary>
    [Range(1, 65535)] public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port.</summary>
    [Range(1, 65535)] public int GatewayPort { get; set; } = 30000;

    /// <summary>Address other silos and clients use to reach this silo.</summary>
    [Required] public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// Whether an API node runs a silo in its own process. Default: yes in Local mode, no in Redis
    /// mode (API nodes are then Orleans clients and scale apart from the silos).
    /// </summary>
    public bool? CoHostSilo { get; set; }

    public bool IsRedis => Mode == "Redis";
    public bool HostsSilo => CoHostSilo ?? !IsRedis;
}
