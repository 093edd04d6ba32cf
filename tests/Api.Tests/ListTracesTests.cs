using System.Net;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using TraceGrains.Api.Query;
using TraceGrains.Api.V1;
using Fact = TraceGrains.Api.Tests.IndexData.TraceFact;

namespace TraceGrains.Api.Tests;

public sealed class ListTracesTests(IndexFixture fixture) : IClassFixture<IndexFixture>
{
    private IEnumerable<Fact> Truth => fixture.Data.Traces;

    /// <summary>The brute-force answer: filter, then order by value and trace id as the service promises.</summary>
    private static List<string> Expected(IEnumerable<Fact> facts, Func<Fact, double> value, bool descending) =>
        [.. (descending
                ? facts.OrderByDescending(value).ThenBy(f => f.TraceId, StringComparer.Ordinal)
                : facts.OrderBy(value).ThenBy(f => f.TraceId, StringComparer.Ordinal))
            .Select(f => f.TraceId)];

    private static double Start(Fact f) => f.Start.ToUnixTimeMilliseconds();

    public static TheoryData<string> Cases() => [.. CaseTable.Keys];

    private static readonly Dictionary<string, (Func<ListTracesRequest> Request, Func<IEnumerable<Fact>, List<string>> Expect)> CaseTable = new()
    {
        ["newest first"] = (() => new(), f => Expected(f, Start, true)),
        ["oldest first"] = (() => new() { Order = "asc" }, f => Expected(f, Start, false)),
        ["user u3"] = (() => new() { Metadata = { ["user"] = "u3" } }, f => Expected(f.Where(t => t.User == "u3"), Start, true)),
        ["user and session"] = (() => new() { Metadata = { ["user"] = "u1", ["session"] = "s7" } }, f => Expected(f.Where(t => t.User == "u1" && t.Session == "s7"), Start, true)),
        ["service"] = (() => new() { Service = "svc-b" }, f => Expected(f.Where(t => t.Service == "svc-b"), Start, true)),
        ["model"] = (() => new() { Model = "gpt-4o" }, f => Expected(f.Where(t => t.Models.Contains("gpt-4o")), Start, true)),
        ["provider"] = (() => new() { Provider = "anthropic" }, f => Expected(f.Where(t => t.Providers.Contains("anthropic")), Start, true)),
        ["errors only"] = (() => new() { HasError = true }, f => Expected(f.Where(t => t.HasError), Start, true)),
        ["no errors"] = (() => new() { HasError = false }, f => Expected(f.Where(t => !t.HasError), Start, true)),
        ["cost range"] = (() => new() { MinCostUsd = 0.01, MaxCostUsd = 0.05 }, f => Expected(f.Where(t => t.Cost >= 0.01m && t.Cost <= 0.05m), Start, true)),
        ["duration range"] = (() => new() { MinDurationMs = 1000, MaxDurationMs = 5000 }, f => Expected(f.Where(t => t.DurationMs is >= 1000 and <= 5000), Start, true)),
        ["feedback range"] = (() => new() { MinFeedbackScore = 0, MaxFeedbackScore = 10 }, f => Expected(f.Where(t => t.Score is >= 0 and <= 10), Start, true)),
        ["name substring"] = (() => new() { NameContains = "ENT-2" }, f => Expected(f.Where(t => t.RootName.Contains("ent-2")), Start, true)),
        ["by cost"] = (() => new() { SortBy = "cost" }, f => Expected(f, t => (double)t.Cost, true)),
        ["by cost ascending"] = (() => new() { SortBy = "cost", Order = "asc" }, f => Expected(f, t => (double)t.Cost, false)),
        ["by duration"] = (() => new() { SortBy = "duration" }, f => Expected(f, t => t.DurationMs, true)),
        ["by tokens"] = (() => new() { SortBy = "tokens" }, f => Expected(f, t => t.Tokens, true)),
        ["combined"] = (() => new() { Metadata = { ["user"] = "u1" }, HasError = false, Provider = "openai", SortBy = "cost" },
            f => Expected(f.Where(t => t.User == "u1" && !t.HasError && t.Providers.Contains("openai")), t => (double)t.Cost, true)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ListTraces_EveryFilterAndSort_MatchesBruteForce(string name)
    {
        var (request, expect) = CaseTable[name];
        var listed = await fixture.ListAllAsync(AddPageSize(request(), 137));
        Assert.Equal(expect(Truth), listed.Select(t => t.TraceId).ToList());
    }

    [Fact]
    public async Task ListTraces_NarrowWindow_ListsOnlyTracesStartingInIt()
    {
        var from = fixture.Data.Now.AddHours(-10);
        var to = fixture.Data.Now.AddHours(-5);
        var listed = await fixture.ListAllAsync(new ListTracesRequest
        {
            StartTimeFrom = Timestamp.FromDateTimeOffset(from), StartTimeTo = Timestamp.FromDateTimeOffset(to), PageSize = 1000,
        });
        Assert.Equal(Expected(Truth.Where(t => t.Start >= from && t.Start <= to), Start, true), listed.Select(t => t.TraceId).ToList());
    }

    [Fact]
    public async Task ListTraces_SummariesCarryTheTracesFigures()
    {
        var listed = await fixture.ListAllAsync(new ListTracesRequest { PageSize = 1000 });
        var facts = Truth.ToDictionary(t => t.TraceId);
        Assert.All(listed, s =>
        {
            var f = facts[s.TraceId];
            Assert.Equal((double)f.Cost, s.TotalCostUsd, 9.0);
            Assert.Equal((f.Tokens, f.DurationMs, f.RootName, f.Service), (s.TotalTokens, s.DurationMs, s.RootName, Assert.Single(s.Services)));
            Assert.Equal((f.User, f.Session), (s.Metadata["user"], s.Metadata["session"]));
        });
    }

    [Fact]
    public async Task JsonMirror_ListsTheSameAsGrpc()
    {
        var from = fixture.Data.Now.AddHours(-21).ToString("O");
        var to = fixture.Data.Now.ToString("O");
        var grpc = await fixture.Host.Query.ListTracesAsync(new ListTracesRequest
        {
            StartTimeFrom = Timestamp.FromDateTimeOffset(fixture.Data.Now.AddHours(-21)), StartTimeTo = Timestamp.FromDateTimeOffset(fixture.Data.Now),
            Metadata = { ["user"] = "u3" }, SortBy = "cost", PageSize = 20,
        });

        var response = await fixture.Host.Http.GetAsync(
            $"/v1/traces?start_time_from={Uri.EscapeDataString(from)}&start_time_to={Uri.EscapeDataString(to)}&metadata.user=u3&sort_by=cost&page_size=20");
        var json = JsonParser.Default.Parse<ListTracesResponse>(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(grpc.Traces, json.Traces);
        var next = await fixture.Host.Http.GetAsync($"/v1/traces?metadata.user=u3&sort_by=cost&page_size=20&cursor={json.NextCursor}");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        var id = grpc.Traces[0].TraceId;
        var summary = JsonParser.Default.Parse<V1.TraceSummary>(await fixture.Host.Http.GetStringAsync($"/v1/traces/{id}/summary"));
        Assert.Equal(await fixture.Host.Query.GetTraceSummaryAsync(new GetTraceSummaryRequest { TraceId = id }), summary);
    }

    [Theory]
    [InlineData("sort_by=colour", "sort_by")]
    [InlineData("order=sideways", "order")]
    [InlineData("min_cost_usd=5&max_cost_usd=1", "min_cost_usd")]
    [InlineData("min_duration_ms=5&max_duration_ms=1", "min_duration_ms")]
    [InlineData("min_feedback_score=3&max_feedback_score=-3", "min_feedback_score")]
    [InlineData("start_time_from=2026-01-01T00:00:00Z&start_time_to=2026-11-01T00:00:00Z", "start_time_from")]
    [InlineData("start_time_from=2026-11-02T00:00:00Z&start_time_to=2026-11-01T00:00:00Z", "start_time_from")]
    [InlineData("start_time_from=yesterday", "start_time_from")]
    [InlineData("page_size=5000", "page_size")]
    [InlineData("cursor=Zm9yZ2Vk", "cursor")]
    [InlineData("colour=red", "colour")]
    public async Task JsonMirror_BadParameter_Is400NamingIt(string query, string parameter)
    {
        var response = await fixture.Host.Http.GetAsync($"/v1/traces?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(parameter, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task ListTraces_BadInputOverGrpc_IsInvalidArgumentNamingIt()
    {
        var sort = await Assert.ThrowsAsync<RpcException>(() => fixture.Host.Query.ListTracesAsync(new ListTracesRequest { SortBy = "colour" }).ResponseAsync);
        Assert.Equal((StatusCode.InvalidArgument, true), (sort.StatusCode, sort.Status.Detail.StartsWith("sort_by:")));

        var first = await fixture.Host.Query.ListTracesAsync(new ListTracesRequest { PageSize = 5 });
        var forged = first.NextCursor[..^3] + (first.NextCursor[^3] == 'A' ? "B" : "A") + first.NextCursor[^2..];
        var tampered = await Assert.ThrowsAsync<RpcException>(() => fixture.Host.Query.ListTracesAsync(new ListTracesRequest { PageSize = 5, Cursor = forged }).ResponseAsync);
        var otherQuery = await Assert.ThrowsAsync<RpcException>(() => fixture.Host.Query.ListTracesAsync(new ListTracesRequest { PageSize = 5, SortBy = "cost", Cursor = first.NextCursor }).ResponseAsync);
        var codec = fixture.Host.Services.GetRequiredService<ListCursorCodec>();
        var old = codec.Decode(first.NextCursor);
        old.AsOfUnixMs -= (long)TimeSpan.FromHours(1).TotalMilliseconds;
        var stale = await Assert.ThrowsAsync<RpcException>(() => fixture.Host.Query.ListTracesAsync(new ListTracesRequest { PageSize = 5, Cursor = codec.Encode(old) }).ResponseAsync);

        Assert.All([tampered, otherQuery, stale], e => Assert.Equal(StatusCode.InvalidArgument, e.StatusCode));
        Assert.All([tampered, otherQuery, stale], e => Assert.StartsWith("cursor:", e.Status.Detail));
        Assert.Contains("expired", stale.Status.Detail);
    }

    private static ListTracesRequest AddPageSize(ListTracesRequest request, int size)
    {
        request.PageSize = size;
        return request;
    }
}
