using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using TraceGrains.Grains;

// A silo without an API: the building block of multi-silo clusters. On its own it uses localhost
// clustering, the same single-node settings as the API's co-hosted silo.
var builder = Host.CreateApplicationBuilder(args);
var cluster = builder.Configuration.GetSection("TraceGrains:Cluster");
builder.UseOrleans(silo => silo
    .UseLocalhostClustering(
        cluster.GetValue("SiloPort", 11111),
        cluster.GetValue("GatewayPort", 30000),
        null,
        cluster.GetValue("ServiceId", "tracegrains")!,
        cluster.GetValue("ClusterId", "tracegrains-dev")!)
    .AddTraceGrains());
builder.Build().Run();
