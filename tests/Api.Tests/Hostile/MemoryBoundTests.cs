using System.Net;
using System.Text;
using static TraceGrains.Api.Tests.Hostile.Nasty;

namespace TraceGrains.Api.Tests.Hostile;

/// <summary>Hostile volume must not pile up in the node: bodies over the limit are cut off, not buffered.</summary>
[Collection(HostileCollection.Name)]
public sealed class MemoryBoundTests(HostileFixture fixture)
{
    private const long Generous = 200L * 1024 * 1024;

    [Fact]
    public async Task Hostile_20OversizeAndHostileRequests_KeepTheHeapBounded()
    {
        await fixture.Client.AssertStillServesAsync("warm-up");
        var before = GC.GetTotalMemory(forceFullCollection: true);

        var big = Encoding.UTF8.GetBytes("{\"metadata\":{\"a\":\"" + Big(12 * 1024 * 1024) + "\"}}");
        var bomb = GzipBomb(256 * 1024 * 1024);
        var deep = Encoding.UTF8.GetBytes(Nested(1_000_000));
        for (var i = 0; i < 20; i++)
        {
            var answers = await Task.WhenAll(
                RefusedAsync("/v1/logs", big, "application/json"),
                RefusedAsync("/v1/traces", bomb, "application/x-protobuf", "gzip"),
                RefusedAsync("/v1/traces", deep, "application/json"),
                RefusedAsync("/v1/logs", deep, "application/json"));
            Assert.All(answers, a => Assert.True(a is null || a.Status is >= 400 and < 500, a?.ToString()));
        }
        big = bomb = deep = [];

        var after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(after - before < Generous, $"heap grew by {(after - before) / 1024 / 1024} MB");
        await fixture.Client.AssertStillServesAsync("memory");
    }

    /// <summary>The answer, or null when the node refused by closing the connection mid-body (after its 413).</summary>
    private async Task<Answer?> RefusedAsync(string path, byte[] body, string contentType, string? encoding = null)
    {
        try
        {
            return await fixture.Client.PostAsync(path, body, contentType, encoding);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public static TheoryData<string, string> Doors => new()
    {
        { "/v1/logs", "application/json" },
        { "/v1/feedback", "application/json" },
        { "/v1/traces", "application/json" },
        { "/v1/traces", "application/x-protobuf" },
    };

    [Theory]
    [MemberData(nameof(Doors))]
    public async Task Hostile_ChunkedBodyOverTheLimit_IsRefusedBeforeItEnds(string path, string contentType)
    {
        const long total = 64L * 1024 * 1024;
        var content = new EndlessContent(total, contentType);
        Answer? answer = null;
        try
        {
            answer = await fixture.Client.SendAsync(HttpMethod.Post, path, content);
        }
        catch (HttpRequestException)
        {
            // The node may close the connection while the body is still coming: that is a refusal too.
        }
        if (answer is not null)
            Assert.True(answer.Status is 413 or 400, $"{path}: {answer}");
        if (answer?.Status == 413) Assert.Contains("body", answer.Problem);
        Assert.True(content.Written < total, $"{path}: the node read all {content.Written} bytes of an oversize body");
        await fixture.Client.AssertStillServesAsync(path);
    }

    /// <summary>A body without Content-Length that keeps coming: whitespace, so a JSON parser reads on.</summary>
    private sealed class EndlessContent : HttpContent
    {
        private readonly long _total;
        public long Written;

        public EndlessContent(long total, string contentType)
        {
            _total = total;
            Headers.ContentType = new(contentType);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)' ');
            chunk[0] = (byte)'[';
            while (Written < _total)
            {
                await stream.WriteAsync(chunk);
                Written += chunk.Length;
                chunk[0] = (byte)' ';
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
