using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using TraceGrains.Api.Query;
using TraceGrains.Api.V1;

namespace TraceGrains.Api.Tests.Hostile;

/// <summary>Nasty query strings and ids for the JSON mirror, and cursors signed but holding nonsense.</summary>
[Collection(HostileCollection.Name)]
public sealed class JsonMirrorCorpusTests(HostileFixture fixture)
{
    [Theory]
    [InlineData("start_time_from=yesterday", "start_time_from")]
    [InlineData("start_time_to=0001-01-01T00:00:00Z", "start_time")]
    [InlineData("start_time_from=9999-12-31T00:00:00Z&start_time_to=9999-12-31T23:59:59Z", "start_time")]
    [InlineData("start_time_from=0001-01-01T00:00:00Z&start_time_to=9999-12-31T23:59:59Z", "start_time")]
    [InlineData("page_size=99999999999999", "page_size")]
    [InlineData("page_size=-5", "page_size")]
    [InlineData("min_cost_usd=NaN", "min_cost_usd")]
    [InlineData("max_cost_usd=1e400", "max_cost_usd")]
    [InlineData("min_cost_usd=1e300", "min_cost_usd")]
    [InlineData("min_duration_ms=5&max_duration_ms=1", "min_duration_ms")]
    [InlineData("has_error=maybe", "has_error")]
    [InlineData("metadata.=x", "metadata.")]
    [InlineData("metadata.a%3Db=x", "metadata")]
    [InlineData("sort_by=%00", "sort_by")]
    [InlineData("bogus=1", "bogus")]
    [InlineData("cursor=AAAA", "cursor")]
    [InlineData("cursor=%FF%FE", "cursor")]
    [InlineData("page_size=1&page_size=2", "page_size")]
    public async Task Hostile_ListJsonMirror_NeverServerErrorAndNamesParameter(string query, string field)
    {
        var answer = await fixture.Client.GetAsync("/v1/traces?" + query);
        HostileAssert.NamesField(answer, field, query);
        await fixture.Client.AssertStillServesAsync(query);
    }

    [Theory]
    [InlineData("%2E%2E%2F%2E%2E%2Fetc")]
    [InlineData("%C3%28")]
    [InlineData("%FF")]
    public async Task Hostile_GetTraceJsonMirrorIds_NeverServerError(string id)
    {
        foreach (var suffix in new[] { "", "/summary", "/feedback" })
        {
            var answer = await fixture.Client.GetAsync($"/v1/traces/{id}{suffix}");
            HostileAssert.NamesField(answer, "trace_id", id + suffix);
        }
    }

    [Fact]
    public async Task Hostile_GetTraceJsonMirrorNulInPath_IsRefusedByKestrel()
    {
        // Kestrel refuses a NUL in the path before routing, with a bare 400 that names nothing.
        var answer = await fixture.Client.GetAsync("/v1/traces/a%00b");
        Assert.Equal(400, answer.Status);
    }

    [Fact]
    public async Task Hostile_GetTraceJsonMirrorLongId_NeverServerError()
    {
        var answer = await fixture.Client.GetAsync($"/v1/traces/{new string('a', 4000)}");
        HostileAssert.NamesField(answer, "trace_id", "long id");
    }

    /// <summary>Cursors signed with the node's own key but holding nonsense: what a leaked secret or a bug would give.</summary>
    public static TheoryData<string> ForgedCursors => ["as-of-max", "window-min-max", "body-not-a-message", "empty-body", "window-years"];

    [Theory]
    [MemberData(nameof(ForgedCursors))]
    public async Task Hostile_SignedButNonsenseCursor_IsRefusedNamingCursor(string name)
    {
        var codec = fixture.Host.Services.GetRequiredService<ListCursorCodec>();
        var hash = ListRequestValidator.QueryHash(ListRequestValidator.Parse(new ListTracesRequest()).Filter, Index.TraceSort.StartTime, true);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        string cursor = name switch
        {
            "as-of-max" => codec.Encode(new ListCursor { AsOfUnixMs = long.MaxValue, QueryHash = ByteString.CopyFrom(hash) }),
            "window-min-max" => codec.Encode(new ListCursor { AsOfUnixMs = now, FromUnixMs = long.MinValue, ToUnixMs = long.MaxValue, QueryHash = ByteString.CopyFrom(hash) }),
            "window-years" => codec.Encode(new ListCursor { AsOfUnixMs = now, FromUnixMs = 0, ToUnixMs = now, QueryHash = ByteString.CopyFrom(hash) }),
            "empty-body" => CursorOf(codec, []),
            _ => CursorOf(codec, [0x0A, 0xFF, 0xFF, 0xFF, 0x7F]),
        };
        var grpc = await HostileClient.StatusOf(() => fixture.Host.Query.ListTracesAsync(new ListTracesRequest { Cursor = cursor }).ResponseAsync);
        HostileAssert.GrpcNamesField(grpc, "cursor", name);
        Assert.Equal(StatusCode.InvalidArgument, grpc.Code);
        var http = await fixture.Client.GetAsync("/v1/traces?cursor=" + cursor);
        HostileAssert.Refused(http, "cursor", name);
    }

    [Fact]
    public async Task Hostile_IssuedCursorTruncatedOrAltered_IsRefusedNamingCursor()
    {
        for (var i = 0; i < 2; i++) await fixture.Client.AssertStillServesAsync("a page needs two traces");
        var page = await fixture.Host.Query.ListTracesAsync(new ListTracesRequest { PageSize = 1 });
        var cursor = page.NextCursor;
        Assert.False(string.IsNullOrEmpty(cursor));
        var flipped = cursor.ToCharArray();
        flipped[cursor.Length / 2] = flipped[cursor.Length / 2] == 'A' ? 'B' : 'A';
        foreach (var (label, bad) in new[]
        {
            ("truncated by 1", cursor[..^1]), ("truncated by half", cursor[..(cursor.Length / 2)]),
            ("one character changed", new string(flipped)), ("doubled", cursor + cursor),
        })
        {
            var grpc = await HostileClient.StatusOf(() => fixture.Host.Query.ListTracesAsync(new ListTracesRequest { PageSize = 1, Cursor = bad }).ResponseAsync);
            Assert.True(grpc.Code == StatusCode.InvalidArgument, $"{label}: {grpc.Code}");
            HostileAssert.GrpcNamesField(grpc, "cursor", label);
            HostileAssert.Refused(await fixture.Client.GetAsync("/v1/traces?page_size=1&cursor=" + Uri.EscapeDataString(bad)), "cursor", label);
        }
        // The untouched cursor still pages: refusing the altered ones did not spoil it.
        await fixture.Host.Query.ListTracesAsync(new ListTracesRequest { PageSize = 1, Cursor = cursor });
    }

    /// <summary>A cursor whose signed body is any bytes at all, signed with the node's own key.</summary>
    private static string CursorOf(ListCursorCodec codec, byte[] body)
    {
        _ = codec; // signed with the same (development) secret the node uses
        var mac = System.Security.Cryptography.HMACSHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(new QueryOptions().CursorSecret), body)[..16];
        return Convert.ToBase64String([.. body, .. mac]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
