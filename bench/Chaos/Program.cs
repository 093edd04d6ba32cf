// Chaos run against scripts/cluster.sh: Portkey logs at a fixed rate through both API nodes, one
// silo killed with SIGKILL part-way, then every acknowledged span is looked for in the service.
//   dotnet run -c Release --project bench/Chaos -- [--seconds 40] [--kill-at 15] [--rate 100] [--victim silo2]
// Loopback only; bounded in requests and time. Exit code 1 when a span is lost or an answer is
// outside 2xx/429/503.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using TraceGrains.Api.V1;

var seconds = Arg("--seconds", 40);
var killAt = Arg("--kill-at", 15);
var rate = Arg("--rate", 100);
var victim = ArgText("--victim", "silo2");
var pidFile = Path.Combine(FindRoot(), ".run", "cluster", "pids");
string[] apis = ["http://127.0.0.1:8081", "http://127.0.0.1:8082"];
// scripts/cluster.sh gives its API nodes a development key and writes it next to the PIDs.
var key = Environment.GetEnvironmentVariable("TRACEGRAINS_API_KEY")
    ?? File.ReadAllText(Path.Combine(FindRoot(), ".run", "cluster", "dev-key")).Trim();
using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
http.DefaultRequestHeaders.Add("x-portkey-api-key", key);
var run = Guid.NewGuid().ToString("N")[..8];
var traces = Enumerable.Range(0, 100).Select(i => $"chaos-{run}-{i}").ToArray();

var acknowledged = new ConcurrentBag<(string Trace, string Span)>();
var answers = new ConcurrentDictionary<string, int>();
var failureTimes = new ConcurrentBag<(double Sent, double Answered)>();
var clock = Stopwatch.StartNew();
double? killedAt = null;
var total = seconds * rate;
using var inFlight = new SemaphoreSlim(256);
var tasks = new List<Task>(total);

for (var i = 0; i < total; i++)
{
    var due = TimeSpan.FromSeconds((double)i / rate);
    if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
    if (killedAt is null && clock.Elapsed.TotalSeconds >= killAt)
    {
        var pid = File.ReadLines(pidFile).Select(l => l.Split(' ')).First(p => p[0] == victim)[1];
        Process.GetProcessById(int.Parse(pid)).Kill(); // SIGKILL
        killedAt = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"\nkilled {victim} (pid {pid}) at {killedAt:0.0} s");
    }
    await inFlight.WaitAsync();
    var n = i;
    tasks.Add(Task.Run(async () =>
    {
        try
        {
            var trace = traces[n % traces.Length];
            var span = $"s{n}";
            var sent = clock.Elapsed.TotalSeconds;
            string code;
            try
            {
                var response = await http.PostAsJsonAsync($"{apis[n % 2]}/v1/logs", new
                {
                    request = new { url = "https://api.openai.com/v1/chat/completions", provider = "openai", body = new { model = "gpt-4o-mini" } },
                    response = new { status = 200, response_time = 100, body = new { usage = new { prompt_tokens = 10, completion_tokens = 5 } } },
                    metadata = new { traceId = trace, spanId = span, cost = "0.001" },
                });
                code = ((int)response.StatusCode).ToString();
                if (response.IsSuccessStatusCode) acknowledged.Add((trace, span));
            }
            catch (Exception e)
            {
                code = e.GetType().Name;
            }
            answers.AddOrUpdate(code, 1, (_, c) => c + 1);
            if (code[0] != '2') failureTimes.Add((sent, clock.Elapsed.TotalSeconds));
        }
        finally
        {
            inFlight.Release();
        }
    }));
    if (n % rate == 0) Console.Write($"\r{clock.Elapsed.TotalSeconds:0}s sent {n + 1}  answers {string.Join(" ", answers.OrderBy(a => a.Key).Select(a => $"{a.Key}:{a.Value}"))}   ");
}
await Task.WhenAll(tasks);
Console.WriteLine();

// Verify through the first API node over gRPC, retrying reads while the cluster settles.
using var channel = GrpcChannel.ForAddress("http://127.0.0.1:4327");
var query = new TraceQuery.TraceQueryClient(channel.Intercept(m => { m.Add("authorization", "Bearer " + key); return m; }));
var lost = 0;
var missing = new List<(string Trace, string Span)>();
foreach (var group in acknowledged.GroupBy(a => a.Trace))
{
    HashSet<string>? stored = null;
    for (var attempt = 0; attempt < 30 && stored is null; attempt++)
    {
        try
        {
            var trace = await query.GetTraceAsync(new GetTraceRequest { TraceId = group.Key });
            stored = [.. Flatten(trace.Roots).Concat(Flatten(trace.Orphans)).Select(s => s.SpanId)];
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            await Task.Delay(1000);
        }
    }
    foreach (var a in group.Where(a => stored is null || !stored.Contains(a.Span))) missing.Add((a.Trace, a.Span));
}
lost = missing.Count;
foreach (var (trace, span) in missing) Console.WriteLine($"missing at first read: trace {trace} span {span}");
if (missing.Count > 0)
{
    // Missing at the first read: still missing later (lost), or late (a dead silo's log not yet replayed)?
    await Task.Delay(TimeSpan.FromSeconds(20));
    lost = 0;
    foreach (var (trace, span) in missing)
    {
        var reply = await query.GetTraceAsync(new GetTraceRequest { TraceId = trace });
        var found = Flatten(reply.Roots).Concat(Flatten(reply.Orphans)).Any(s => s.SpanId == span);
        Console.WriteLine($"20 s later: trace {trace} span {span} {(found ? "found" : "still missing")}");
        if (!found) lost++;
    }
}

var bad = answers.Where(a => a.Key is not ("200" or "429" or "503")).Sum(a => a.Value);
// Recovery: from the kill until every request sent afterwards succeeded (by send time), and until
// the last failed answer arrived (by answer time, which adds the time a failing call waited).
var afterKill = failureTimes.Where(t => t.Answered >= (killedAt ?? double.MaxValue)).ToList();
var recovery = afterKill.Count == 0 ? 0 : Math.Max(0, afterKill.Max(t => t.Sent) - killedAt!.Value);
var lastAnswer = afterKill.Count == 0 ? 0 : afterKill.Max(t => t.Answered) - killedAt!.Value;
Console.WriteLine($"requests {total} at {rate}/s over {seconds} s through 2 API nodes; {victim} killed at {killedAt:0.0} s");
Console.WriteLine($"answers: {string.Join(", ", answers.OrderBy(a => a.Key).Select(a => $"{a.Key} x{a.Value}"))}");
Console.WriteLine($"acknowledged spans {acknowledged.Count}, lost {lost}; answers outside 2xx/429/503: {bad}; recovery {recovery:0.0} s (kill to the last request that failed, by send time; its answer came {lastAnswer:0.0} s after the kill)");
return lost == 0 && bad == 0 ? 0 : 1;

static IEnumerable<TraceGrains.Api.V1.Span> Flatten(IEnumerable<SpanNode> nodes) =>
    nodes.SelectMany(n => new[] { n.Span }.Concat(Flatten(n.Children)));

int Arg(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var v) ? v : fallback;
}

string ArgText(string name, string fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "TraceGrains.sln"))) return dir.FullName;
    throw new InvalidOperationException("TraceGrains.sln not found");
}
