using System.Text.Json;
using TraceGrains.Api.V1;
using TraceGrains.TestSupport;
using static TraceGrains.TestSupport.Spans;

namespace TraceGrains.Api.Tests;

/// <summary>The unmodified portkey-ai Node SDK (tests/sdk, pinned) against a running node.</summary>
[Collection(ApiCollection.Name)]
public sealed class PortkeySdkTests(ApiFixture fixture)
{
    [Fact]
    public async Task PortkeySdk_LogsFeedbackAndUpdate_BuildTheTraceReadOverGrpc()
    {
        var trace = NewId();
        var (exit, output) = await NodeScripts.RunAsync("portkey-smoke.mjs", $"http://127.0.0.1:{fixture.Host.HttpPort}/v1", trace, fixture.Host.ApiKey);

        Assert.True(exit == 0, output);
        var answers = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
        Assert.Equal("success", answers.GetProperty("created").GetProperty("status").GetString());
        Assert.Equal("success", answers.GetProperty("updated").GetProperty("status").GetString());

        var result = await fixture.Host.Query.GetTraceAsync(new GetTraceRequest { TraceId = trace });
        var root = Assert.Single(result.Roots);
        Assert.Equal(("plan", "write"), (root.Span.Name, Assert.Single(root.Children).Span.Name));
        Assert.Equal((2, 0.01, 200L), (result.Summary.SpanCount, Math.Round(result.Summary.TotalCostUsd, 9), result.Summary.TotalTokens));
        var feedback = Assert.Single(result.Feedback);
        Assert.Equal((answers.GetProperty("feedbackId").GetString(), 9, 0.5, "yes"),
            (feedback.Id, feedback.Value, feedback.Weight, feedback.Metadata["edited"]));
        Assert.Equal(9, result.Summary.FeedbackScore);
    }

    [Theory]
    [InlineData("tg_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not-a-tracegrains-key")]
    public async Task PortkeySdk_WithoutAValidKey_IsRefusedWith401_AndNothingIsStored(string key)
    {
        var trace = NewId();
        var (exit, output) = await NodeScripts.RunAsync("portkey-smoke.mjs", $"http://127.0.0.1:{fixture.Host.HttpPort}/v1", trace, key);

        Assert.True(exit == 0, output);
        Assert.Equal(401, JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement.GetProperty("refused").GetInt32());
        var missing = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => fixture.Host.Query.GetTraceAsync(new GetTraceRequest { TraceId = trace }).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.NotFound, missing.StatusCode);
    }
}
