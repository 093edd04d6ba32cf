using System.Net;
using System.Net.Http.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using TraceGrains.Api.V1;
using TraceGrains.TestSupport;

namespace TraceGrains.Api.Tests;

/// <summary>
/// A node of its own (so no other test's traces are listed) holding 2,000 traces spread over 20
/// hourly buckets, with feedback on about a third, fully indexed before any test runs.
/// </summary>
public sealed class IndexFixture : IAsyncLifetime
{
    public const int TraceCount = 2000;

    public AzuriteServer Azurite { get; private set; } = null!;
    public ApiHost Host { get; private set; } = null!;
    public IndexData Data { get; } = new(TraceCount, DateTimeOffset.UtcNow);

    public async Task InitializeAsync()
    {
        Azurite = await AzuriteServer.StartAsync();
        Host = await ApiHost.StartAsync(Azurite, "index", new Dictionary<string, string?> { ["TraceGrains:Index:UpdateDelayMs"] = "50" });
        await Parallel.ForEachAsync(IndexData.Requests(Data.Traces, 100), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (request, ct) =>
        {
            var body = request.ToByteArray();
            var response = await RetryingClient.PostAsync(Host.Http, $"http://127.0.0.1:{Host.OtlpPort}/v1/traces", () =>
            {
                var content = new ByteArrayContent(body);
                content.Headers.ContentType = new("application/x-protobuf");
                return content;
            }, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });
        await Parallel.ForEachAsync(Data.Traces.Where(t => t.Feedback.Count > 0), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (t, ct) =>
        {
            var response = await RetryingClient.PostAsync(Host.Http, "/v1/feedback", () => JsonContent.Create(new { trace_id = t.TraceId, value = t.Feedback[0] }), ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });
        await Poll.UntilAsync(async () => (await ListAllAsync(new ListTracesRequest { PageSize = 1000 })).Count == TraceCount
                && (await ListAllAsync(new ListTracesRequest { PageSize = 1000, MinFeedbackScore = -10 })).Count == Data.Traces.Count(t => t.Feedback.Count > 0),
            TimeSpan.FromSeconds(90), "all traces and their feedback to be indexed");
    }

    /// <summary>Pages through a whole list; the window defaults to all the test data.</summary>
    public async Task<List<V1.TraceSummary>> ListAllAsync(ListTracesRequest request)
    {
        request.StartTimeFrom ??= Timestamp.FromDateTimeOffset(Data.Now.AddHours(-21));
        request.StartTimeTo ??= Timestamp.FromDateTimeOffset(Data.Now);
        var all = new List<V1.TraceSummary>();
        for (var page = 0; page < 1000; page++)
        {
            var response = await Host.Query.ListTracesAsync(request);
            all.AddRange(response.Traces);
            if (response.NextCursor.Length == 0) return all;
            request = request.Clone();
            request.Cursor = response.NextCursor;
        }
        throw new InvalidOperationException("more than 1000 pages");
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}
