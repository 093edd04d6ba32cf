using System.Globalization;

namespace TraceGrains.Bench.LoadGen;

/// <summary>Command-line options; <see cref="Usage"/> is the reference.</summary>
internal sealed class LoadOptions
{
    public static readonly string[] Workloads = ["otlp-http", "otlp-grpc", "portkey", "bare"];

    public string? Workload { get; private set; }
    public int? ServeBare { get; private set; }
    public int ServeSeconds { get; private set; } = 3600;
    public int Traces { get; private set; } = 100;
    public int SpansPerTrace { get; private set; } = 20;
    public int SpansPerRequest { get; private set; } = 10;
    public int TracesPerRequest { get; private set; } = 1;
    public int Concurrency { get; private set; } = 16;
    public double Rate { get; private set; }
    public bool RateInRequests { get; private set; }
    public double Duration { get; private set; } = 10;
    public double Warmup { get; private set; } = 2;
    public bool RandomPick { get; private set; }
    public string? ApiKey { get; private set; }
    public int HttpPort { get; private set; } = 8080;
    public int GrpcPort { get; private set; } = 4317;
    public int OtlpPort { get; private set; } = 4318;
    public int BarePort { get; private set; } = 8090;
    public string BareBody { get; private set; } = "portkey";
    public int Seed { get; private set; } = 1;
    /// <summary>8 hex digits that start every trace id of this run.</summary>
    public string RunId { get; private set; } = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next(1, int.MaxValue)));
    public string? Out { get; private set; }
    public double TimeoutSeconds { get; private set; } = 30;
    public int? Prebuild { get; private set; }
    public int PrebuildMegabytes { get; private set; } = 512;
    public string? Verify { get; private set; }
    public int VerifyConcurrency { get; private set; } = 8;
    public double VerifySeconds { get; private set; } = 120;
    public int? ServerPid { get; private set; }
    public long MaxRequests { get; private set; } = 100_000_000;

    /// <summary>Requests per second the schedule aims at; 0 is as fast as the concurrency allows.</summary>
    public double RequestsPerSecond => Rate <= 0 ? 0 : RateInRequests ? Rate : Rate / SpansPerRequest;

    /// <summary>The body a <c>bare</c> run posts: the same bytes as that workload would send.</summary>
    public string PayloadKind => Workload == "bare" ? BareBody : Workload!;

    public const string Usage = """
        TraceGrains load generator (loopback only).

          loadgen WORKLOAD [options]          run load, print a report to stdout
          loadgen --serve-bare PORT           serve a bare Kestrel POST endpoint on 127.0.0.1:PORT

        WORKLOAD: otlp-http (POST /v1/traces, protobuf, --otlp-port), otlp-grpc (TraceService/Export,
        --grpc-port), portkey (POST /v1/logs, --http-port), bare (POST / on --bare-port).

          --traces N              distinct trace ids in the pool (100)
          --spans-per-trace N     spans a trace receives in the run; a full trace is replaced by a new id (20)
          --spans-per-request N   spans in one request (10); portkey sends one log object when 1, else an array
          --traces-per-request N  traces the spans of one request are spread over (1)
          --pick round-robin|random   which pool traces a request takes (round-robin)
          --concurrency N         requests in flight at most (16); HTTP connections = N
          --rate N                target spans/s (0 = as fast as possible, closed loop) (0)
          --rate-unit spans|requests  unit of --rate (spans)
          --duration S            measured seconds (10)
          --warmup S              seconds before the measured phase (2)
          --timeout S             per-request timeout (30)
          --max-requests N        stop after N requests even if time is left (100000000)
          --api-key KEY           x-portkey-api-key on portkey, Authorization: Bearer on OTLP and queries
          --http-port N --grpc-port N --otlp-port N --bare-port N   (8080 4317 4318 8090)
          --bare-body portkey|otlp-http   what a bare run posts (portkey)
          --seed N                span ids and contents (1); trace ids start with the run id
          --run-id HEX8           first 4 bytes of every trace id (random per run), e.g. to repeat a run exactly
          --prebuild N            requests built before the run (default: what --rate needs, else up to
                                  --prebuild-mb); more are built during the run and reported
          --prebuild-mb N         memory cap for prebuilt bodies (512)
          --server-pid PID        also report that process's CPU seconds over the measured phase
          --verify [summary|full] read every trace back over gRPC afterwards (summary: GetTraceSummary
                                  counts and tokens; full: also GetTrace and every acknowledged span id)
          --verify-concurrency N  (8)   --verify-seconds S  deadline for the whole check (120)
          --out FILE              also write the report as JSON
          --serve-seconds S       with --serve-bare: stop after S seconds (3600) or Ctrl-C
        """;

    public static LoadOptions Parse(string[] args)
    {
        var o = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            int Int(int min, int max) => Bounded(name, Next(), min, max);
            double Num(double min, double max)
            {
                var text = Next();
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
                    ? v : throw new ArgumentException($"{name}: '{text}' is not a number from {min} to {max}");
            }
            switch (name)
            {
                case "--serve-bare": o.ServeBare = Int(1, 65535); break;
                case "--serve-seconds": o.ServeSeconds = Int(1, 7 * 24 * 3600); break;
                case "--traces": o.Traces = Int(1, 10_000_000); break;
                case "--spans-per-trace": o.SpansPerTrace = Int(1, 1_000_000); break;
                case "--spans-per-request": o.SpansPerRequest = Int(1, 100_000); break;
                case "--traces-per-request": o.TracesPerRequest = Int(1, 100_000); break;
                case "--pick": o.RandomPick = OneOf(name, Next(), "round-robin", "random") == "random"; break;
                case "--concurrency": o.Concurrency = Int(1, 10_000); break;
                case "--rate": o.Rate = Num(0, 10_000_000); break;
                case "--rate-unit": o.RateInRequests = OneOf(name, Next(), "spans", "requests") == "requests"; break;
                case "--duration": o.Duration = Num(0.1, 24 * 3600); break;
                case "--warmup": o.Warmup = Num(0, 3600); break;
                case "--timeout": o.TimeoutSeconds = Num(0.1, 600); break;
                case "--api-key": o.ApiKey = Next(); break;
                case "--http-port": o.HttpPort = Int(1, 65535); break;
                case "--grpc-port": o.GrpcPort = Int(1, 65535); break;
                case "--otlp-port": o.OtlpPort = Int(1, 65535); break;
                case "--bare-port": o.BarePort = Int(1, 65535); break;
                case "--bare-body": o.BareBody = OneOf(name, Next(), "portkey", "otlp-http"); break;
                case "--seed": o.Seed = Int(int.MinValue, int.MaxValue); break;
                case "--run-id":
                    var runId = Next().ToLowerInvariant();
                    o.RunId = runId.Length == 8 && runId.All(char.IsAsciiHexDigit) && runId != "00000000"
                        ? runId : throw new ArgumentException("--run-id: 8 hex digits, not all zero");
                    break;
                case "--prebuild": o.Prebuild = Int(0, 100_000_000); break;
                case "--prebuild-mb": o.PrebuildMegabytes = Int(1, 64 * 1024); break;
                case "--server-pid": o.ServerPid = Int(1, int.MaxValue); break;
                case "--verify":
                    o.Verify = i + 1 < args.Length && args[i + 1] is "summary" or "full" ? args[++i] : "summary";
                    break;
                case "--verify-concurrency": o.VerifyConcurrency = Int(1, 256); break;
                case "--verify-seconds": o.VerifySeconds = Num(1, 3600); break;
                case "--max-requests": o.MaxRequests = Int(1, int.MaxValue); break;
                case "--out": o.Out = Next(); break;
                case "-h" or "--help": throw new ArgumentException("");
                default:
                    if (o.Workload is null && Workloads.Contains(name)) { o.Workload = name; break; }
                    throw new ArgumentException($"unknown argument '{name}'");
            }
        }
        o.Check();
        return o;
    }

    private void Check()
    {
        if (Workload is null && ServeBare is null) throw new ArgumentException("name a workload or --serve-bare PORT");
        if (TracesPerRequest > SpansPerRequest) throw new ArgumentException("--traces-per-request must not exceed --spans-per-request");
        if (TracesPerRequest > Traces) throw new ArgumentException("--traces-per-request must not exceed --traces");
        if (PayloadKind == "portkey" && SpansPerRequest > 1000)
            throw new ArgumentException("portkey: at most 1000 logs per request (the node's MaxItemsPerRequest)");
        if (Verify is not null && Workload == "bare") throw new ArgumentException("--verify reads from TraceGrains; a bare run stores nothing");
    }

    private static int Bounded(string name, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v : throw new ArgumentException($"{name}: '{text}' is not a whole number from {min} to {max}");

    private static string OneOf(string name, string text, params string[] allowed) =>
        allowed.Contains(text) ? text : throw new ArgumentException($"{name}: '{text}' is not one of {string.Join(", ", allowed)}");
}
