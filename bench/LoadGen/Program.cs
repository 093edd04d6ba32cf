// TraceGrains load generator: OTLP/HTTP, OTLP/gRPC and Portkey load against a running node, or a
// bare Kestrel endpoint to compare with. Usage: see LoadOptions.Usage or bench/README.md.
//   dotnet run -c Release --project bench/LoadGen -- otlp-http --rate 2000 --duration 10
// Loopback only; every loop is bounded in count and time.
using System.Runtime.InteropServices;
using TraceGrains.Bench.LoadGen;

LoadOptions o;
try
{
    o = LoadOptions.Parse(args);
}
catch (ArgumentException e)
{
    if (e.Message.Length > 0) Console.Error.WriteLine($"loadgen: {e.Message}\n");
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

// Ctrl-C or SIGTERM ends the run early; the report then covers what was measured so far.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });

if (o.Workload is null)
{
    await BareServer.ServeAsync(o.ServeBare!.Value, o.ServeSeconds, stop.Token);
    return 0;
}

// A bare endpoint in this process too: handy, but its CPU then counts as the generator's.
await using var bare = o.ServeBare is { } port ? BareServer.Build(port) : null;
if (bare is not null)
{
    await bare.StartAsync(stop.Token);
    Console.Error.WriteLine($"bare endpoint on 127.0.0.1:{o.ServeBare} in this process (its CPU counts as the generator's)");
}
return await LoadRun.RunAsync(o, stop.Token);
