using System.Diagnostics;

namespace TraceGrains.Bench.LoadGen;

/// <summary>One load run from start to report: prebuild, warm-up and measured phases, drain, verify.</summary>
internal static class LoadRun
{
    /// <summary>Exit code: 0 done; 1 verify found loss or mismatch; 3 nothing was acknowledged in the measured phase.</summary>
    public static async Task<int> RunAsync(LoadOptions o, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        var beforeBuild = Meter.Now(null);
        var perSecond = o.RequestsPerSecond;
        var prebuild = o.Prebuild ?? (perSecond > 0
            ? (int)Math.Min(10_000_000, Math.Ceiling(perSecond * (o.Warmup + o.Duration) * 1.05) + o.Concurrency)
            : 50_000);
        Func<IReadOnlyList<PlannedSpan>, byte[]> encode = o.PayloadKind == "portkey" ? PortkeyPayload.Build : OtlpPayload.Build;
        var source = new RequestSource(o, encode, prebuild, o.PrebuildMegabytes * 1024L * 1024);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var afterBuild = Meter.Now(null);
        Console.Error.WriteLine($"prebuilt {source.Prebuilt} requests ({source.PrebuiltBytes / 1048576.0:0.0} MB) in {(afterBuild.Wall - beforeBuild.Wall).TotalSeconds:0.0} s");

        using ITarget target = o.Workload == "otlp-grpc" ? new GrpcTarget(o) : new HttpTarget(o);
        var ledger = o.Verify is null ? null : new AckLedger();
        var runner = new LoadRunner(o, source, target, ledger);
        Meter? measureStart = null, measureEnd = null;
        var load = runner.RunAsync(ct);
        var progress = ProgressLine.RunAsync(runner, load, runner.End + TimeSpan.FromSeconds(o.TimeoutSeconds + 5));
        // The measured phase's CPU: sampled when it starts and ends (or when interrupted).
        try
        {
            await Task.Delay(runner.WarmupEnd - runner.Elapsed is { Ticks: > 0 } w ? w : TimeSpan.Zero, ct);
            measureStart = Meter.Now(o.ServerPid);
            await Task.Delay(runner.End - runner.Elapsed is { Ticks: > 0 } d ? d : TimeSpan.Zero, ct);
        }
        catch (OperationCanceledException) { }
        measureEnd = Meter.Now(o.ServerPid);
        measureStart ??= measureEnd;
        await load;
        await progress;
        var finished = Meter.Now(null);

        var verify = o.Verify is null || ct.IsCancellationRequested ? null : await new Verifier(o).RunAsync(ledger!);
        var report = Report(o, started, target, runner, source, beforeBuild, afterBuild, measureStart.Value, measureEnd.Value, finished, verify, ct.IsCancellationRequested);
        Console.Out.Write(ReportWriter.ToText(report));
        if (o.Out is { } path) await File.WriteAllTextAsync(path, ReportWriter.ToJson(report), CancellationToken.None);
        return verify is { Ok: false } ? 1 : report.Measured.AckedSpans == 0 ? 3 : 0;
    }

    private static RunReport Report(LoadOptions o, DateTimeOffset started, ITarget target, LoadRunner runner, RequestSource source,
        Meter beforeBuild, Meter afterBuild, Meter start, Meter end, Meter finished, VerifyReport? verify, bool interrupted)
    {
        // The phases are cut by the runner's clock at exactly --duration; only an interrupted run is shorter.
        var seconds = interrupted ? Math.Max(1e-3, (end.Wall - start.Wall).TotalSeconds) : o.Duration;
        var m = runner.Measured;
        var perSecond = o.RequestsPerSecond;
        var settings = new RunSettings(o.Traces, o.SpansPerTrace, o.SpansPerRequest, o.TracesPerRequest,
            o.RandomPick ? "random" : "round-robin", o.Concurrency, perSecond > 0 ? "open" : "closed",
            perSecond > 0 ? perSecond : null, perSecond > 0 ? perSecond * o.SpansPerRequest : null,
            o.Duration, o.Warmup, o.TimeoutSeconds, o.Seed, o.RunId, o.ApiKey is not null);
        var measured = new MeasuredPhase(seconds, m.Requests, m.Requests / seconds, m.SpansSent, m.AckedSpans, m.AckedSpans / seconds,
            m.PartialRequests, m.RejectedSpans, Latency.Of(m.Latency), perSecond > 0 ? Latency.Of(m.FromSchedule) : null,
            runner.Late, OtherPhase.Sorted(m.Statuses), OtherPhase.Sorted(m.Errors));
        var cpu = (end.Cpu - start.Cpu).TotalSeconds;
        var generator = new GeneratorCost(cpu, 100 * cpu / seconds, finished.Cpu.TotalSeconds, (afterBuild.Cpu - beforeBuild.Cpu).TotalSeconds,
            source.Prebuilt, source.PrebuiltBytes / 1048576.0, source.BuiltDuringRun, source.TracesStarted);
        ServerCost? server = null;
        if (o.ServerPid is { } pid)
        {
            double? serverCpu = start.ServerCpu is { } a && end.ServerCpu is { } b ? (b - a).TotalSeconds : null;
            server = new ServerCost(pid, serverCpu, serverCpu * 100 / seconds);
        }
        return new RunReport(o.Workload!, target.Describe, started, settings, measured, OtherPhase.Of(runner.Warmup), OtherPhase.Of(runner.Drain),
            generator, server, verify, interrupted);
    }
}
