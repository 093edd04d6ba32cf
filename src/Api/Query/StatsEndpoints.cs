using System.Diagnostics;
using TraceGrains.Api.Auth;
using TraceGrains.Grains;
using TraceGrains.Grains.Storage;
using TraceGrains.Grains.Wal;

namespace TraceGrains.Api.Query;

/// <summary>
/// Counters of the silo co-hosted in this process: storage requests and bytes (also per accepted
/// span), the shared log, and memory against the spans held by active traces. Admin key only: the
/// figures span every workspace.
/// </summary>
public static class StatsEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/stats/storage", (IServiceProvider services) =>
        {
            if (services.GetService<StorageCounters>() is not { } c) return Results.NotFound();
            var spans = IngestMetrics.AcceptedTotal;
            var wal = services.GetService<SharedLog>()?.Stats();
            return Results.Ok(new
            {
                requests = c.Requests,
                bytes_written = c.BytesWritten,
                failures = c.Failures,
                spans_accepted = spans,
                requests_per_span = spans > 0 ? (double)c.Requests / spans : (double?)null,
                bytes_per_span = spans > 0 ? (double)c.BytesWritten / spans : (double?)null,
                checkpoints = IngestMetrics.CheckpointsTotal,
                snapshots = IngestMetrics.SnapshotsTotal,
                by_kind = c.ByCategory().ToDictionary(kv => kv.Key, kv => new { requests = kv.Value.Requests, bytes_written = kv.Value.BytesWritten }),
                wal = new
                {
                    appends = WalMetrics.Appends,
                    records = WalMetrics.Records,
                    bytes = WalMetrics.Bytes,
                    records_replayed = WalMetrics.Replayed,
                    segments_retired = WalMetrics.Retired,
                    append_ms_mean = Math.Round(WalMetrics.MeanAppendMs, 2),
                    segments = wal?.Segments,
                    segment_bytes = wal?.Bytes,
                    pinned_activations = wal?.PinnedActivations,
                    queued_bytes = wal?.QueuedBytes,
                },
            });
        }).RequireAuthorization(AuthPolicies.Admin);
        app.MapGet("/v1/stats/memory", (bool? collect) =>
        {
            // collect=true runs a full blocking GC first, so the heap figure is what is really held.
            if (collect == true) GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            using var process = Process.GetCurrentProcess();
            var spans = IngestMetrics.ActiveSpans;
            var heap = GC.GetTotalMemory(false);
            return Results.Ok(new
            {
                gc_committed_bytes = GC.GetGCMemoryInfo().TotalCommittedBytes,
                reclaims = Grains.MemoryReclaimer.ReclaimsTotal,
                active_traces = IngestMetrics.ActiveTraces,
                active_spans = spans,
                gc_heap_bytes = heap,
                working_set_bytes = process.WorkingSet64,
                // What the runtime spends besides our code: collections, their pauses, allocation, JIT.
                gc_collections = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) },
                gc_pause_ms = Math.Round(GC.GetTotalPauseDuration().TotalMilliseconds),
                allocated_bytes = GC.GetTotalAllocatedBytes(),
                jit_compiled_methods = System.Runtime.JitInfo.GetCompiledMethodCount(),
                jit_ms = Math.Round(System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds),
            });
        }).RequireAuthorization(AuthPolicies.Admin);
    }
}
