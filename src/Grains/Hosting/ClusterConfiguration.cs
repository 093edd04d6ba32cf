using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using StackExchange.Redis;

namespace TraceGrains.Grains.Hosting;

/// <summary>
/// Cluster wiring shared by the silo host, the API's co-hosted silo and API nodes that are clients.
/// Membership and timeouts are tightened from Orleans' defaults so that a dead silo is declared
/// within about ten seconds and no call waits for the 30-second default.
/// </summary>
public static class ClusterConfiguration
{
    /// <summary>Calls that have not answered by then fail, and the API answers 503.</summary>
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(10);

    public static ClusterOptions Read(IConfiguration configuration) =>
        configuration.GetSection(ClusterOptions.Section).Get<ClusterOptions>() ?? new ClusterOptions();

    public static IHostApplicationBuilder AddTraceGrainsSilo(this IHostApplicationBuilder builder)
    {
        var o = Read(builder.Configuration);
        builder.UseOrleans(silo =>
        {
            if (o.IsRedis)
            {
                silo.UseRedisClustering(r => r.ConfigurationOptions = ConfigurationOptions.Parse(o.RedisConnectionString));
                silo.Configure<Orleans.Configuration.ClusterOptions>(c => { c.ClusterId = o.ClusterId; c.ServiceId = o.ServiceId; });
                silo.ConfigureEndpoints(IPAddress.Parse(o.AdvertisedAddress), o.SiloPort, o.GatewayPort, listenOnAnyHostAddress: false);
            }
            else
            {
                silo.UseLocalhostClustering(o.SiloPort, o.GatewayPort, null, o.ServiceId, o.ClusterId);
            }
            silo.Configure<ClusterMembershipOptions>(m =>
            {
                // Probes every 2 s; two missed in a row make a suspicion; votes then declare death.
                m.ProbeTimeout = TimeSpan.FromSeconds(2);
                m.NumMissedProbesLimit = 2;
                m.TableRefreshTimeout = TimeSpan.FromSeconds(5);
                m.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
            });
            silo.Configure<SiloMessagingOptions>(m =>
            {
                m.ResponseTimeout = ResponseTimeout;
                m.SystemResponseTimeout = ResponseTimeout;
            });
            silo.AddTraceGrains();
        });
        return builder;
    }

    public static IHostApplicationBuilder AddTraceGrainsClient(this IHostApplicationBuilder builder)
    {
        var o = Read(builder.Configuration);
        builder.UseOrleansClient(client =>
        {
            if (o.IsRedis)
            {
                client.UseRedisClustering(r => r.ConfigurationOptions = ConfigurationOptions.Parse(o.RedisConnectionString));
                client.Configure<Orleans.Configuration.ClusterOptions>(c => { c.ClusterId = o.ClusterId; c.ServiceId = o.ServiceId; });
            }
            else
            {
                client.UseLocalhostClustering(o.GatewayPort, o.ServiceId, o.ClusterId);
            }
            client.Configure<ClientMessagingOptions>(m => m.ResponseTimeout = ResponseTimeout);
            client.Configure<GatewayOptions>(g => g.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        });
        return builder;
    }
}
