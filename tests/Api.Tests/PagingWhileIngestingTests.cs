using System.Net;
using System.Net.Http.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using TraceGrains.Api.V1;
using TraceGrains.Grains.Storage;
using TraceGrains.TestSupport;

namespace TraceGrains.Api.Tests;

public sealed class PagingWhileIngestingTests
{
    private const int Existing = 600;

    [Fact]
    public async Task ListTraces_PagingWhileTracesArriveAndChange_NoDuplicatesAndNothingSkipped_ThenIndexRebuildsFromTraces()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var host = await ApiHost.StartAsync(azurite, "paging", new Dictionary<string, string?> { ["TraceGrains:Index:UpdateDelayMs"] = "20" });
        var before = new IndexData(Existing, DateTimeOffset.UtcNow, seed: 11);
        await SendAsync(host, IndexData.Requests(before.Traces, 200));
        var window = new ListTracesRequest
        {
            StartTimeFrom = Timestamp.FromDateTimeOffset(before.Now.AddHours(-21)),
            StartTimeTo = Timestamp.FromDateTimeOffset(before.Now.AddHours(1)),
        };
        await Poll.UntilAsync(async () => (await ListAllAsync(host, window, "start_time")).Count == Existing, TimeSpan.FromSeconds(60), "the traces to be indexed");

        var arriving = new IndexData(300, DateTimeOffset.UtcNow, seed: 12).Traces;
        foreach (var sort in new[] { "cost", "start_time" })
        {
            var seen = new List<string>();
            var request = window.Clone();
            request.SortBy = sort;
            request.PageSize = 25;
            for (var page = 0; page < 100; page++)
            {
                var response = await host.Query.ListTracesAsync(request);
                seen.AddRange(response.Traces.Select(t => t.TraceId));
                if (response.NextCursor.Length == 0) break;
                request.Cursor = response.NextCursor;
                // Between pages: new traces arrive, and existing ones get a costly child that starts
                // earlier than their root, so they move in both orders.
                await SendAsync(host, IndexData.Requests(arriving.Skip(page * 10).Take(10), 100));
                await SendAsync(host, [Changes(before.Traces.Skip(page * 12).Take(12), page)]);
            }

            // Every trace that existed at the first page must be listed; on failure, say what we know.
            var missing = before.Traces.Select(t => t.TraceId).Except(seen).ToList();
            if (missing.Count > 0)
            {
                var fresh = await ListAllAsync(host, window, sort);
                var lines = new List<string> { $"sort {sort}: {missing.Count} missing; fresh listing has {fresh.Count}, contains first missing: {fresh.Contains(missing[0])}; pages seen {seen.Count}" };
                foreach (var id in missing.Take(5))
                {
                    var sum = await host.Query.GetTraceSummaryAsync(new GetTraceSummaryRequest { TraceId = id });
                    var fact = before.Traces.First(t => t.TraceId == id);
                    lines.Add($"{id} cost {sum.TotalCostUsd} start {sum.StartTime} lastSeen {sum.LastSeen} originalStart {fact.Start:O} originalCost {fact.Cost} indexInFresh {fresh.IndexOf(id)}");
                }
                Assert.Fail(string.Join(Environment.NewLine, lines));
            }
            Assert.Equal(seen.Count, seen.Distinct().Count());
        }

        // Lose every index partition, then rebuild the index from the traces. Traces that deactivate
        // send their last index update and so revive partitions; repeat until the index is gone.
        var management = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var container = host.Services.GetRequiredService<BlobContainerProvider>().Container;
        await Poll.UntilAsync(async () =>
        {
            await management.ForceActivationCollection(TimeSpan.Zero);
            foreach (var prefix in new[] { "state/index/", "index-journal/" })
            {
                await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, CancellationToken.None))
                    await container.DeleteBlobIfExistsAsync(blob.Name);
            }
            await management.ForceActivationCollection(TimeSpan.Zero);
            return (await ListAllAsync(host, window, "start_time")).Count == 0;
        }, TimeSpan.FromSeconds(60), "the index to be gone");

        var rebuild = await host.AdminHttp.PostAsync("/v1/admin/index/rebuild", null);
        Assert.Equal(HttpStatusCode.OK, rebuild.StatusCode);
        Assert.Equal(Existing + arriving.Count, (await rebuild.Content.ReadFromJsonAsync<Rebuilt>())!.traces_reindexed);
        await Poll.UntilAsync(async () => (await ListAllAsync(host, window, "start_time")).Count == Existing + arriving.Count,
            TimeSpan.FromSeconds(30), "the rebuilt index to list every trace");
    }

    private sealed record Rebuilt(string status, int traces_reindexed);

    /// <summary>A child per trace costing $1 and starting a minute before the root.</summary>
    private static OpenTelemetry.Proto.Collector.Trace.V1.ExportTraceServiceRequest Changes(IEnumerable<IndexData.TraceFact> traces, int round)
    {
        var spans = traces.Select(t => Otlp.Span(t.TraceId, $"{round + 1:x2}{t.TraceId[2..16]}", t.TraceId[..16], "late child",
            (t.Start.AddMinutes(-1) - Otlp.T0).TotalMilliseconds, (t.Start - Otlp.T0).TotalMilliseconds, ("llm.cost.total", 1.0)));
        return Otlp.Request("svc-a", [.. spans]);
    }

    private static async Task SendAsync(ApiHost host, IEnumerable<OpenTelemetry.Proto.Collector.Trace.V1.ExportTraceServiceRequest> requests)
    {
        foreach (var request in requests)
        {
            var body = request.ToByteArray();
            var response = await RetryingClient.PostAsync(host.Http, $"http://127.0.0.1:{host.OtlpPort}/v1/traces", () =>
            {
                var content = new ByteArrayContent(body);
                content.Headers.ContentType = new("application/x-protobuf");
                return content;
            });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private static async Task<List<string>> ListAllAsync(ApiHost host, ListTracesRequest window, string sort)
    {
        var request = window.Clone();
        request.SortBy = sort;
        request.PageSize = 1000;
        var ids = new List<string>();
        for (var page = 0; page < 100; page++)
        {
            var response = await host.Query.ListTracesAsync(request);
            ids.AddRange(response.Traces.Select(t => t.TraceId));
            if (response.NextCursor.Length == 0) break;
            request.Cursor = response.NextCursor;
        }
        return ids;
    }
}
