using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using TraceGrains.Api.Query;
using TraceGrains.Api.V1;

namespace TraceGrains.Api.Tests.Hostile;

/// <summary>Nasty query messages (gRPC and the JSON mirror) and cursors.</summary>
[Collection(HostileCollection.Name)]
public sealed class QueryCorpusTests(HostileFixture fixture)
{
    private const string QueryService = "tracegrains.v1.TraceQuery";

    private static Timestamp At(long seconds, int nanos = 0) => new() { Seconds = seconds, Nanos = nanos };

    private static readonly (string Name, Func<ListTracesRequest> Request, string Field)[] ListCases =
    [
        ("page-size-negative", () => new() { PageSize = -1 }, "page_size"),
        ("page-size-int-max", () => new() { PageSize = int.MaxValue }, "page_size"),
        ("window-year-1-to-9999", () => new() { StartTimeFrom = At(-62135596800), StartTimeTo = At(253402300799) }, "start_time"),
        ("window-ends-year-1", () => new() { StartTimeTo = At(-62135596800) }, "start_time"),
        ("window-starts-year-9999", () => new() { StartTimeFrom = At(253402300000), StartTimeTo = At(253402300799) }, "start_time"),
        ("timestamp-seconds-out-of-range", () => new() { StartTimeTo = At(long.MaxValue) }, "start_time_to"),
        ("timestamp-seconds-negative-max", () => new() { StartTimeFrom = At(long.MinValue) }, "start_time_from"),
        ("timestamp-nanos-negative", () => new() { StartTimeTo = At(1, -5) }, "start_time_to"),
        ("timestamp-nanos-too-big", () => new() { StartTimeFrom = At(1, 2_000_000_000) }, "start_time_from"),
        ("inverted-window", () => new() { StartTimeFrom = At(2_000_000_000), StartTimeTo = At(1_000_000_000) }, "start_time_from"),
        ("min-cost-NaN", () => new() { MinCostUsd = double.NaN }, "min_cost_usd"),
        ("max-cost-Infinity", () => new() { MaxCostUsd = double.PositiveInfinity }, "max_cost_usd"),
        ("min-cost-1e300", () => new() { MinCostUsd = 1e300 }, "min_cost_usd"),
        ("min-cost-negative-huge", () => new() { MinCostUsd = -1e300 }, "min_cost_usd"),
        ("min-over-max-duration", () => new() { MinDurationMs = 10, MaxDurationMs = -10 }, "min_duration_ms"),
        ("feedback-NaN", () => new() { MaxFeedbackScore = double.NaN }, "max_feedback_score"),
        ("duration-epsilon", () => new() { MinDurationMs = double.Epsilon, MaxDurationMs = double.MaxValue }, "duration"),
        ("metadata-empty-key", () => { var r = new ListTracesRequest(); r.Metadata[""] = "x"; return r; }, "metadata"),
        ("metadata-key-with-equals", () => { var r = new ListTracesRequest(); r.Metadata["a=b"] = "x"; return r; }, "metadata"),
        ("metadata-1000-pairs", () => { var r = new ListTracesRequest(); for (var i = 0; i < 1000; i++) r.Metadata["k" + i] = "v"; return r; }, "metadata"),
        ("name-contains-1MB", () => new() { NameContains = new string('x', 1024 * 1024) }, "name_contains"),
        ("sort-by-garbage", () => new() { SortBy = "'; drop table" }, "sort_by"),
        ("sort-by-1MB", () => new() { SortBy = new string('x', 1024 * 1024) }, "sort_by"),
        ("order-garbage", () => new() { Order = "sideways" }, "order"),
        ("cursor-random", () => new() { Cursor = "qwertyuiopasdfghjkl" }, "cursor"),
        ("cursor-not-base64", () => new() { Cursor = "!!!***" }, "cursor"),
        ("cursor-1MB", () => new() { Cursor = new string('A', 1024 * 1024) }, "cursor"),
        ("cursor-one-char", () => new() { Cursor = "A" }, "cursor"),
    ];

    public static TheoryData<string> ListCaseNames => [.. ListCases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(ListCaseNames))]
    public async Task Hostile_ListTraces_NeverInternalAndNamesField(string name)
    {
        var c = ListCases.Single(x => x.Name == name);
        var result = await HostileClient.StatusOf(() => fixture.Host.Query.ListTracesAsync(c.Request()).ResponseAsync);
        HostileAssert.GrpcNamesField(result, c.Field, name);
        await fixture.Client.AssertStillServesAsync(name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../../x")]
    [InlineData("a\0b")]
    [InlineData("é")]
    [InlineData("\ud800")]
    [InlineData("a/b")]
    public async Task Hostile_GetTraceIds_AreInvalidArgumentNamingTraceId(string id)
    {
        foreach (var call in new Func<Task<(StatusCode, string)>>[]
        {
            () => HostileClient.StatusOf(() => fixture.Host.Query.GetTraceAsync(new GetTraceRequest { TraceId = id }).ResponseAsync),
            () => HostileClient.StatusOf(() => fixture.Host.Query.GetTraceSummaryAsync(new GetTraceSummaryRequest { TraceId = id }).ResponseAsync),
            () => HostileClient.StatusOf(() => fixture.Host.Query.ListFeedbackAsync(new ListFeedbackRequest { TraceId = id }).ResponseAsync),
        })
        {
            var result = await call();
            Assert.Equal(StatusCode.InvalidArgument, result.Item1);
            HostileAssert.GrpcNamesField(result, "trace_id", id);
        }
    }

    [Fact]
    public async Task Hostile_GetTraceIdOf10000Chars_IsInvalidArgumentNamingTraceId()
    {
        var result = await HostileClient.StatusOf(() => fixture.Host.Query.GetTraceAsync(new GetTraceRequest { TraceId = new string('a', 10_000) }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, result.Code);
        HostileAssert.GrpcNamesField(result, "trace_id", "long id");
    }

    [Fact]
    public async Task Hostile_WatchTraceBadId_IsInvalidArgumentNamingTraceId()
    {
        var result = await HostileClient.StatusOf(async () =>
        {
            using var call = fixture.Host.Query.WatchTrace(new WatchTraceRequest { TraceId = "../x" });
            return await call.ResponseStream.MoveNext(CancellationToken.None);
        });
        Assert.Equal(StatusCode.InvalidArgument, result.Code);
        HostileAssert.GrpcNamesField(result, "trace_id", "watch");
    }

    [Theory]
    [InlineData("GetTrace")]
    [InlineData("GetTraceSummary")]
    [InlineData("ListFeedback")]
    [InlineData("ListTraces")]
    public async Task Hostile_QueryRawUndecodableMessage_IsInvalidArgument(string method)
    {
        foreach (var (label, bytes) in new (string, byte[])[]
        {
            ("random", Nasty.Random(512, method.Length)),
            ("varint-overflow", [0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
            ("length-past-end", [0x0A, 0xFF, 0xFF, 0xFF, 0x7F]),
            ("invalid-utf8-trace-id", [0x0A, 0x02, 0xFF, 0xFE]),
        })
        {
            var (code, detail, _) = await fixture.Client.CallRawAsync(QueryService, method, bytes);
            Assert.True(code is not (StatusCode.Internal or StatusCode.Unknown), $"{method} {label}: {code} {detail}");
            if (code == StatusCode.InvalidArgument)
                Assert.True(detail.Contains("message") || detail.Contains("trace_id"), $"{method} {label}: '{detail}' names no field");
        }
        await fixture.Client.AssertStillServesAsync(method);
    }
}
