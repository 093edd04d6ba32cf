using System.ComponentModel.DataAnnotations;

namespace TraceGrains.Api.Hosting;

/// <summary>How the API reaches grains. Section <c>TraceGrains:Cluster</c>.</summary>
public sealed class ClusterOptions
{
    public const string Section = "TraceGrains:Cluster";

    /// <summary>Identifies one cluster; silos and clients must agree.</summary>
    [Required] public string ClusterId { get; set; } = "tracegrains-dev";
    /// <summary>Identifies the service across deployments (it is part of stored grain ids).</summary>
    [Required] public string ServiceId { get; set; } = "tracegrains";
    /// <summary>Silo-to-silo port of the co-hosted silo.</summary>
    [Range(1, 65535)] public int SiloPort { get; set; } = 11111;
    /// <summary>Client gateway port of the co-hosted silo.</summary>
    [Range(1, 65535)] public int GatewayPort { get; set; } = 30000;
}
