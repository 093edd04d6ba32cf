using Microsoft.Extensions.Hosting;
using TraceGrains.Grains.Hosting;

// A silo without an API. Alone it uses localhost clustering; with TraceGrains:Cluster:Mode=Redis it
// joins the cluster whose membership lives in Redis (see scripts/cluster.sh).
var builder = Host.CreateApplicationBuilder(args);
builder.AddTraceGrainsSilo();
builder.Build().Run();
