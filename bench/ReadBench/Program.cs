// GetTrace latency of 1,000-span traces (active, and loaded from storage) and memory per active span,
// on a running node. Start the node with a short idle time so traces deactivate during the run:
//   TraceGrains__Activation__IdleSeconds=20 scripts/run.sh
//   dotnet run -c Release --project bench/ReadBench -- [--traces 200] [--spans 1000] [--reads 20] [--settle 0] [--read-deadline 30]
// Keys come from .data/ (scripts/run.sh writes them) or TRACEGRAINS_API_KEY / TRACEGRAINS_ADMIN_KEY.
// Loopback only; every loop is bounded in count and time.
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core.Interceptors;
using Grpc.Core;
using Grpc.Net.Client;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;
using Span = OpenTelemetry.Proto.Trace.V1.Span;
using static TraceGrains.Bench.OtlpRequests;
using TraceGrains.Api.V1;

var traceCount = Arg("--traces", 200);
var spansPerTrace = Arg("--spans", 1000);
var reads = Arg("--reads", 20);
var readDeadlineSeconds = Arg("--read-deadline", 30);
var key = TraceGrains.Bench.BenchKeys.From("TRACEGRAINS_API_KEY", "dev-key");
var adminKey = TraceGrains.Bench.BenchKeys.From("TRACEGRAINS_ADMIN_KEY", "admin-key");
var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:8080"), Timeout = TimeSpan.FromMinutes(2) };
using var channel = GrpcChannel.ForAddress("http://127.0.0.1:4317", new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 });
var query = new TraceQuery.TraceQueryClient(channel.Intercept(m => { m.Add("authorization", "Bearer " + key); return m; }));

var baseline = await MemoryAsync();
Console.WriteLine($"before: {baseline.ActiveTraces} active traces, {baseline.ActiveSpans} spans, heap {Mb(baseline.Heap)}, working set {Mb(baseline.WorkingSet)}");

// Populate: traces of spansPerTrace spans, 100 spans per request, 4 requests in flight.
var random = new Random(7);
var traces = Enumerable.Range(0, traceCount).Select(_ => RandomBytes(16)).ToList();
var clock = Stopwatch.StartNew();
var requests = traces.SelectMany(t => Enumerable.Range(0, (spansPerTrace + 99) / 100).Select(b => (Trace: t, First: b * 100))).ToList();
await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (r, ct) =>
{
    var body = Batch(r.Trace, r.First, Math.Min(100, spansPerTrace - r.First)).ToByteArray();
    for (var attempt = 1; ; attempt++)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/x-protobuf");
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:4318/v1/traces") { Content = content };
        request.Headers.Authorization = new("Bearer", key);
        using var response = await http.SendAsync(request, ct);
        if (response.IsSuccessStatusCode) break;
        if ((int)response.StatusCode is not (429 or 503) || attempt == 10) response.EnsureSuccessStatusCode();
        await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), ct);
    }
});
var spans = (long)traceCount * spansPerTrace;
Console.WriteLine($"populated {traceCount} traces x {spansPerTrace} spans in {clock.Elapsed.TotalSeconds:0.0} s");

var active = await MemoryAsync();
var perSpanHeap = (double)(active.Heap - baseline.Heap) / (active.ActiveSpans - baseline.ActiveSpans);
var perSpanWs = (double)(active.WorkingSet - baseline.WorkingSet) / (active.ActiveSpans - baseline.ActiveSpans);
Console.WriteLine($"active: {active.ActiveTraces} traces, {active.ActiveSpans} spans, heap {Mb(active.Heap)}, working set {Mb(active.WorkingSet)}");
Console.WriteLine($"memory per active span: {perSpanHeap:0} B of GC heap (after a full GC), {perSpanWs:0} B of working set");

// GetTrace while active: every trace read `reads` times, one at a time.
await Task.Delay(TimeSpan.FromSeconds(Arg("--settle", 0)));
var activeLatency = new List<double>();
var firstLatency = new List<double>();
for (var round = 0; round < reads; round++)
{
    foreach (var trace in traces)
    {
        var ms = await TimeGetTraceAsync(trace);
        activeLatency.Add(ms);
        if (round == 0) firstLatency.Add(ms);
    }
}
Report("GetTrace, active", activeLatency);
// The node keeps the encoded answer of an unchanged trace; the first read of each trace encodes it.
Report("GetTrace, active, first read of each trace", firstLatency);
var answerBytes = (await query.GetTraceAsync(new GetTraceRequest { TraceId = Convert.ToHexStringLower(traces[0]) })).CalculateSize();
Console.WriteLine($"GetTrace answer: {answerBytes} bytes ({(double)answerBytes / spansPerTrace:0} per span)");

// Wait for the idle traces to deactivate (the node's TraceGrains:Activation:IdleSeconds), then read each once.
clock.Restart();
var idle = await MemoryAsync();
while (idle.ActiveTraces > 0 && clock.Elapsed < TimeSpan.FromMinutes(10))
{
    await Task.Delay(2000);
    idle = await MemoryAsync();
}
Console.WriteLine($"idle after {clock.Elapsed.TotalSeconds:0} s: {idle.ActiveTraces} traces, {idle.ActiveSpans} spans, heap {Mb(idle.Heap)} (was {Mb(active.Heap)}; {Mb(baseline.Heap)} before populating), working set {Mb(idle.WorkingSet)}");
if (idle.ActiveTraces > 0) Console.WriteLine("traces did not all deactivate; start the node with a short TraceGrains__Activation__IdleSeconds");
// The node gives the freed memory back (TraceGrains:Memory) within a check or two of the deactivations:
// wait until the GC holds no more than 64 MB beyond the live heap, at most 90 s.
clock.Restart();
while (idle.Committed - idle.Heap > 64 << 20 && clock.Elapsed < TimeSpan.FromSeconds(90))
{
    await Task.Delay(2000);
    idle = await MemoryAsync();
}
Console.WriteLine($"{(idle.Committed - idle.Heap > 64 << 20 ? "memory NOT given back within 90 s" : $"memory given back {clock.Elapsed.TotalSeconds:0} s later")}: " +
    $"working set {Mb(idle.WorkingSet)} ({Mb(baseline.WorkingSet)} before populating, {Mb(active.WorkingSet)} active), GC committed {Mb(idle.Committed)}, node reclaims {idle.Reclaims}");
var coldLatency = new List<double>();
foreach (var trace in traces) coldLatency.Add(await TimeGetTraceAsync(trace));
Report("GetTrace, from storage (first read after deactivation)", coldLatency);
return;

async Task<double> TimeGetTraceAsync(byte[] trace)
{
    var watch = Stopwatch.StartNew();
    var id = Convert.ToHexStringLower(trace);
    GetTraceResponse reply;
    try
    {
        // A deadline, so that a read that never answers is reported (and ends the run) instead of stalling it.
        reply = await query.GetTraceAsync(new GetTraceRequest { TraceId = id }, deadline: DateTime.UtcNow.AddSeconds(readDeadlineSeconds));
    }
    catch (RpcException e)
    {
        throw new InvalidOperationException($"GetTrace {id}: {e.StatusCode} after {watch.Elapsed.TotalSeconds:0.0} s ({e.Status.Detail})", e);
    }
    var ms = watch.Elapsed.TotalMilliseconds;
    if (reply.Summary.SpanCount != spansPerTrace) throw new InvalidOperationException($"trace has {reply.Summary.SpanCount} spans, expected {spansPerTrace}");
    return ms;
}

static void Report(string what, List<double> ms)
{
    ms.Sort();
    double P(double p) => ms[Math.Min(ms.Count - 1, (int)(p * ms.Count))];
    Console.WriteLine($"{what}: n={ms.Count} p50 {P(0.50):0.00} ms, p90 {P(0.90):0.00} ms, p99 {P(0.99):0.00} ms, max {ms[^1]:0.00} ms");
}

async Task<(long ActiveTraces, long ActiveSpans, long Heap, long WorkingSet, long Committed, long Reclaims)> MemoryAsync()
{
    using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/stats/memory?collect=true");
    request.Headers.Authorization = new("Bearer", adminKey);
    using var response = await http.SendAsync(request);
    response.EnsureSuccessStatusCode();
    var json = await response.Content.ReadFromJsonAsync<JsonElement>();
    return (json.GetProperty("active_traces").GetInt64(), json.GetProperty("active_spans").GetInt64(),
        json.GetProperty("gc_heap_bytes").GetInt64(), json.GetProperty("working_set_bytes").GetInt64(),
        json.GetProperty("gc_committed_bytes").GetInt64(), json.GetProperty("reclaims").GetInt64());
}

ExportTraceServiceRequest Batch(byte[] trace, int first, int count)
{
    var scope = new ScopeSpans();
    var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    for (var i = first; i < first + count; i++)
    {
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(trace), SpanId = ByteString.CopyFrom(BitConverter.GetBytes((long)i + 1)),
            Name = i == 0 ? "agent.run" : "chat gpt-4o-mini", Kind = Span.Types.SpanKind.Client,
            StartTimeUnixNano = (ulong)(start + i) * 1_000_000, EndTimeUnixNano = (ulong)(start + i + 700) * 1_000_000,
        };
        if (i > 0) span.ParentSpanId = ByteString.CopyFrom(BitConverter.GetBytes(1L + random.Next(i)));
        span.Attributes.Add(Attr("gen_ai.request.model", "gpt-4o-mini"));
        span.Attributes.Add(Attr("gen_ai.system", "openai"));
        span.Attributes.Add(Attr("gen_ai.operation.name", "chat"));
        span.Attributes.Add(Attr("gen_ai.usage.input_tokens", 100 + i % 50));
        span.Attributes.Add(Attr("gen_ai.usage.output_tokens", 20 + i % 30));
        span.Attributes.Add(Attr("user.id", "user-" + trace[0] % 100)); // one user per trace, as in an app
        scope.Spans.Add(span);
    }
    return TraceGrains.Bench.OtlpRequests.Export(scope, "readbench");
}


byte[] RandomBytes(int n)
{
    var bytes = new byte[n];
    random.NextBytes(bytes);
    return bytes;
}

static string Mb(long bytes) => $"{bytes / 1048576.0:0.0} MB";

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
}

