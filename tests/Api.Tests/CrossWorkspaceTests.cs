using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using TraceGrains.Api.V1;
using TraceGrains.TestSupport;
using static TraceGrains.Api.Tests.PortkeyLogs;
using static TraceGrains.TestSupport.Spans;

namespace TraceGrains.Api.Tests;

/// <summary>
/// Workspace B asking for A's trace, its feedback or a watch gets exactly what it gets for a trace
/// that does not exist: nothing tells B that the id is taken.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CrossWorkspaceTests(ApiFixture fixture)
{
    private ApiHost Host => fixture.Host;

    [Fact]
    public async Task OtherWorkspacesTrace_ReadsFeedbackAndWatches_AnswerLikeANonexistentTrace()
    {
        using var a = Host.Client(await Host.NewWorkspaceKeyAsync());
        var keyB = await Host.NewWorkspaceKeyAsync();
        using var b = Host.Client(keyB);
        using var channelB = Host.OpenChannel(keyB);
        var queryB = new TraceQuery.TraceQueryClient(channelB);
        var trace = NewId();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(a, Log(trace, "root", cost: "0.5"))).Response.StatusCode);
        var created = await (await a.PostAsJsonAsync("/v1/feedback", new { trace_id = trace, value = 4 })).Content.ReadFromJsonAsync<JsonElement>();
        var feedbackId = created.GetProperty("feedback_ids")[0].GetString();

        // The same requests for A's trace and for a trace nobody has: same status, same text but the id.
        var missing = NewId();
        foreach (var path in new[] { "/v1/traces/{0}", "/v1/traces/{0}/summary", "/v1/traces/{0}/feedback" })
        {
            var (taken, absent) = (await b.GetAsync(string.Format(path, trace)), await b.GetAsync(string.Format(path, missing)));
            Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (taken.StatusCode, absent.StatusCode));
            Assert.Equal(await Problem(absent, missing), await Problem(taken, trace));
        }
        foreach (var call in new Func<string, Task>[]
        {
            id => queryB.GetTraceAsync(new GetTraceRequest { TraceId = id }).ResponseAsync,
            id => queryB.GetTraceSummaryAsync(new GetTraceSummaryRequest { TraceId = id }).ResponseAsync,
            id => queryB.ListFeedbackAsync(new ListFeedbackRequest { TraceId = id }).ResponseAsync,
            async id =>
            {
                using var watch = queryB.WatchTrace(new WatchTraceRequest { TraceId = id });
                await watch.ResponseStream.MoveNext(CancellationToken.None);
            },
        })
        {
            var (taken, absent) = (await Assert.ThrowsAsync<RpcException>(() => call(trace)), await Assert.ThrowsAsync<RpcException>(() => call(missing)));
            Assert.Equal((StatusCode.NotFound, StatusCode.NotFound), (taken.StatusCode, absent.StatusCode));
            Assert.Equal(absent.Status.Detail.Replace(missing, "ID"), taken.Status.Detail.Replace(trace, "ID"));
        }

        // Feedback on A's trace, or an update of A's feedback, from B: refused as for nonexistent ones.
        var (onTaken, onAbsent) = (await b.PostAsJsonAsync("/v1/feedback", new { trace_id = trace, value = -10 }),
            await b.PostAsJsonAsync("/v1/feedback", new { trace_id = missing, value = -10 }));
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (onTaken.StatusCode, onAbsent.StatusCode));
        var (update, updateAbsent) = (await b.PutAsJsonAsync($"/v1/feedback/{feedbackId}", new { value = -10 }),
            await b.PutAsJsonAsync($"/v1/feedback/{Guid.NewGuid()}", new { value = -10 }));
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (update.StatusCode, updateAbsent.StatusCode));

        // B writing the same trace id makes B's own trace; A's is untouched.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(b, Log(trace, "other", cost: "9"))).Response.StatusCode);
        var ofA = JsonDocument.Parse(await a.GetStringAsync($"/v1/traces/{trace}/summary")).RootElement;
        Assert.Equal((1, 0.5, 4.0), (ofA.GetProperty("spanCount").GetInt32(), ofA.GetProperty("totalCostUsd").GetDouble(), ofA.GetProperty("feedbackScore").GetDouble()));
        var ofB = await queryB.GetTraceSummaryAsync(new GetTraceSummaryRequest { TraceId = trace });
        Assert.Equal((1, 9.0, 0), (ofB.SpanCount, ofB.TotalCostUsd, ofB.FeedbackCount));
    }

    [Fact]
    public async Task ListTraces_ShowsOnlyTheCallersWorkspace()
    {
        using var a = Host.Client(await Host.NewWorkspaceKeyAsync());
        var keyB = await Host.NewWorkspaceKeyAsync();
        using var channelB = Host.OpenChannel(keyB);
        var queryB = new TraceQuery.TraceQueryClient(channelB);
        var ofA = NewId();
        await PostAsync(a, Log(ofA, "root", user: "cross-ws"));
        await PostAsync(Host.Client(keyB), Log(NewId(), "root", user: "cross-ws"));

        await Poll.UntilAsync(async () => (await a.GetStringAsync("/v1/traces?metadata.user=cross-ws")).Contains(ofA),
            TimeSpan.FromSeconds(30), "workspace A to list its trace");
        await Poll.UntilAsync(async () => (await queryB.ListTracesAsync(new ListTracesRequest())).Traces.Count == 1,
            TimeSpan.FromSeconds(30), "workspace B to list its trace");
        var listedB = await queryB.ListTracesAsync(new ListTracesRequest());
        Assert.DoesNotContain(listedB.Traces, t => t.TraceId == ofA);
        Assert.All(listedB.Traces, t => Assert.NotEqual(TraceKey.DefaultWorkspace, t.WorkspaceId));
    }

    /// <summary>A problem's status, title and detail with the trace id masked (its per-request diagnostic id left out).</summary>
    private static async Task<string> Problem(HttpResponseMessage response, string traceId)
    {
        var p = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return $"{p.GetProperty("status")} {p.GetProperty("title")} {p.GetProperty("detail").GetString()!.Replace(traceId, "ID")}";
    }
}
