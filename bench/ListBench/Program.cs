// ListTraces latency and index storage cost on a running node (start it with scripts/run.sh).
//   dotnet run -c Release --project bench/ListBench -- [--populate N] [--iterations N]
// Loopback only; every loop is bounded in count and time.
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;
using TraceGrains.Api.V1;
using static TraceGrains.Bench.OtlpRequests;

var populate = Arg("--populate", 0);
var iterations = Arg("--iterations", 200);
// scripts/run.sh keeps the development and admin keys in .data/ (or set the environment variables).
var key = TraceGrains.Bench.BenchKeys.From("TRACEGRAINS_API_KEY", "dev-key");
var adminKey = TraceGrains.Bench.BenchKeys.From("TRACEGRAINS_ADMIN_KEY", "admin-key");
var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:8080"), Timeout = TimeSpan.FromMinutes(2) };
http.DefaultRequestHeaders.Authorization = new("Bearer", key);
using var channel = GrpcChannel.ForAddress("http://127.0.0.1:4317");
var query = new TraceQuery.TraceQueryClient(channel.Intercept(m => { m.Add("authorization", "Bearer " + key); return m; }));
var now = DateTimeOffset.UtcNow;
var window = new ListTracesRequest { StartTimeFrom = Timestamp.FromDateTimeOffset(now.AddHours(-23)), StartTimeTo = Timestamp.FromDateTimeOffset(now.AddMinutes(5)) };

if (populate > 0)
{
    var before = await StatsAsync();
    var clock = Stopwatch.StartNew();
    var random = new Random(42);
    var batches = Enumerable.Range(0, (populate + 249) / 250).Select(b => Batch(random, Math.Min(250, populate - b * 250))).ToList();
    var sent = 0;
    var retried = 0;
    await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (batch, ct) =>
    {
        // Like an OTel exporter: 429/503 are retried after Retry-After, a bounded number of times.
        for (var attempt = 1; ; attempt++)
        {
            var content = new ByteArrayContent(batch.ToByteArray());
            content.Headers.ContentType = new("application/x-protobuf");
            var response = await http.PostAsync("http://127.0.0.1:4318/v1/traces", content, ct);
            if (response.IsSuccessStatusCode) break;
            if ((int)response.StatusCode is not (429 or 503) || attempt == 10) response.EnsureSuccessStatusCode();
            Interlocked.Increment(ref retried);
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), ct);
        }
        var done = Interlocked.Add(ref sent, batch.ResourceSpans[0].ScopeSpans[0].Spans.Count / 2);
        Console.Write($"\rpopulated {done}/{populate} traces, {done / clock.Elapsed.TotalSeconds:0} traces/s   ");
    });
    Console.WriteLine();
    var listed = 0;
    for (var attempt = 0; attempt < 120 && listed < populate; attempt++)
    {
        listed = await CountAsync();
        if (listed < populate) await Task.Delay(1000);
    }
    await Task.Delay(TimeSpan.FromSeconds(7)); // one index flush period (5 s) and then some
    var after = await StatsAsync();
    Console.WriteLine($"indexed {listed} traces; populate took {clock.Elapsed.TotalSeconds:0} s; {retried} requests retried after 429/503");
    foreach (var kind in new[] { "journal", "trace", "index", "link", "wal", "other" })
    {
        var requests = after.GetProperty("by_kind").GetProperty(kind).GetProperty("requests").GetInt64() - before.GetProperty("by_kind").GetProperty(kind).GetProperty("requests").GetInt64();
        var bytes = after.GetProperty("by_kind").GetProperty(kind).GetProperty("bytes_written").GetInt64() - before.GetProperty("by_kind").GetProperty(kind).GetProperty("bytes_written").GetInt64();
        Console.WriteLine($"storage {kind,-8} {requests,8} requests  {requests / (double)populate,7:0.000} per trace  {bytes / (double)populate,8:0} bytes per trace");
    }
}

Console.WriteLine($"traces in the window: {await CountAsync()}");
Console.WriteLine("| query | p50 ms | p99 ms | traces returned |");
Console.WriteLine("|---|---|---|---|");
await Measure("newest 50 (default sort)", () => With(r => r.PageSize = 50));
await Measure("newest 1,000", () => With(r => r.PageSize = 1000));
await Measure("user = u7, newest 50", () => With(r => { r.PageSize = 50; r.Metadata["user"] = "u7"; }));
await Measure("most expensive 50", () => With(r => { r.PageSize = 50; r.SortBy = "cost"; }));
await Measure("errors with model gpt-4o, 50", () => With(r => { r.PageSize = 50; r.HasError = true; r.Model = "gpt-4o"; }));
await Measure("duration 1-2 s, by tokens, 50", () => With(r => { r.PageSize = 50; r.MinDurationMs = 1000; r.MaxDurationMs = 2000; r.SortBy = "tokens"; }));
var deep = await query.ListTracesAsync(With(r => r.PageSize = 1000));
for (var i = 0; i < 9 && deep.NextCursor.Length > 0; i++) deep = await query.ListTracesAsync(With(r => { r.PageSize = 1000; r.Cursor = deep.NextCursor; }));
if (deep.NextCursor.Length > 0) await Measure("page 11 of 1,000 (cursor)", () => With(r => { r.PageSize = 1000; r.Cursor = deep.NextCursor; }));

async Task Measure(string name, Func<ListTracesRequest> request)
{
    var times = new List<double>();
    var count = 0;
    var budget = Stopwatch.StartNew();
    for (var i = 0; i < iterations + 5 && budget.Elapsed < TimeSpan.FromMinutes(2); i++)
    {
        var clock = Stopwatch.StartNew();
        var response = await query.ListTracesAsync(request());
        if (i >= 5) times.Add(clock.Elapsed.TotalMilliseconds); // the first calls warm up
        count = response.Traces.Count;
    }
    times.Sort();
    Console.WriteLine($"| {name} | {Percentile(times, 0.50):0.0} | {Percentile(times, 0.99):0.0} | {count} |");
}

ListTracesRequest With(Action<ListTracesRequest> change)
{
    var r = window.Clone();
    change(r);
    return r;
}

async Task<int> CountAsync()
{
    var total = 0;
    var request = With(r => r.PageSize = 1000);
    for (var page = 0; page < 1000; page++)
    {
        var response = await query.ListTracesAsync(request);
        total += response.Traces.Count;
        if (response.NextCursor.Length == 0) break;
        request.Cursor = response.NextCursor;
    }
    return total;
}

async Task<JsonElement> StatsAsync()
{
    using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/stats/storage");
    request.Headers.Authorization = new("Bearer", adminKey); // storage figures span every workspace: admin only
    var response = await http.SendAsync(request);
    response.EnsureSuccessStatusCode();
    return await response.Content.ReadFromJsonAsync<JsonElement>();
}

ExportTraceServiceRequest Batch(Random random, int traces)
{
    string[] models = ["gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5", "gemini-2.5-flash"];
    var scope = new ScopeSpans();
    for (var t = 0; t < traces; t++)
    {
        var traceId = ByteString.CopyFrom(Guid.NewGuid().ToByteArray());
        var rootId = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()[..8]);
        var start = now.AddMilliseconds(-random.NextInt64(0, 22L * 3600 * 1000));
        var duration = random.Next(100, 8000);
        var root = Span(traceId, rootId, null, $"agent-{random.Next(20)}", start, duration);
        root.Attributes.Add(Attr("user.id", $"u{random.Next(100)}"));
        if (random.Next(20) == 0) root.Status = new Status { Code = Status.Types.StatusCode.Error };
        var child = Span(traceId, ByteString.CopyFrom(Guid.NewGuid().ToByteArray()[..8]), rootId, "chat", start.AddMilliseconds(10), duration - 20);
        child.Attributes.Add(Attr("gen_ai.request.model", models[random.Next(models.Length)]));
        child.Attributes.Add(Attr("gen_ai.usage.input_tokens", random.Next(10, 4000)));
        child.Attributes.Add(Attr("gen_ai.usage.output_tokens", random.Next(10, 1000)));
        scope.Spans.Add(root);
        scope.Spans.Add(child);
    }
    return TraceGrains.Bench.OtlpRequests.Export(scope, "bench-app");
}

static OpenTelemetry.Proto.Trace.V1.Span Span(ByteString traceId, ByteString spanId, ByteString? parent, string name, DateTimeOffset start, int durationMs)
{
    var span = new OpenTelemetry.Proto.Trace.V1.Span
    {
        TraceId = traceId, SpanId = spanId, Name = name,
        StartTimeUnixNano = (ulong)start.ToUnixTimeMilliseconds() * 1_000_000UL,
        EndTimeUnixNano = (ulong)start.AddMilliseconds(durationMs).ToUnixTimeMilliseconds() * 1_000_000UL,
    };
    if (parent is not null) span.ParentSpanId = parent;
    return span;
}


static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

int Arg(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var v) ? v : fallback;
}
