using Google.Protobuf;
using TraceGrains.Api.V1;
using static TraceGrains.Api.Tests.Otlp;
using OtelSpan = OpenTelemetry.Proto.Trace.V1.Span;

namespace TraceGrains.Api.Tests.Hostile;

/// <summary>Many spans and long parent cycles: bounded by the limits, refused by name, never a crash.</summary>
[Collection(HostileCollection.Name)]
public sealed class VolumeTests(HostileFixture fixture)
{
    private const string ProtobufType = "application/x-protobuf";

    private static string SpanHex(int i) => $"{i + 1:x16}";

    private static OtelSpan Numbered(string trace, int i, int? parent) =>
        Span(trace, SpanHex(i), parent is { } p ? SpanHex(p) : null, "s" + i, 0, 1);

    [Fact]
    public async Task Hostile_100000SpanTraceAcrossRequests_StopsAtTheTraceLimitNamingSpans()
    {
        const int total = 100_000, perRequest = HostileFixture.MaxSpansPerRequest;
        var trace = NewTraceId();
        long rejected = 0;
        for (var first = 0; first < total; first += perRequest)
        {
            var spans = Enumerable.Range(first, perRequest).Select(i => Numbered(trace, i, i == 0 ? null : 0)).ToArray();
            var answer = await fixture.Client.PostAsync("/v1/traces", Request("hostile", spans).ToByteArray(), ProtobufType);
            HostileAssert.NamesField(answer, "spans", $"request from span {first}");
            if (answer.Body.Contains("rejectedSpans"))
                rejected += long.Parse(System.Text.Json.JsonDocument.Parse(answer.Body).RootElement.GetProperty("partialSuccess").GetProperty("rejectedSpans").GetString()!);
        }

        var read = await fixture.Host.Query.GetTraceSummaryAsync(new GetTraceSummaryRequest { TraceId = trace });
        Assert.Equal(HostileFixture.MaxSpansPerTrace, read.SpanCount);
        Assert.Equal(total - HostileFixture.MaxSpansPerTrace, rejected);
        await fixture.Client.AssertStillServesAsync("100,000 spans");
    }

    [Fact]
    public async Task Hostile_ParentCycleThrough1000Spans_IsRefusedNamingParentSpanId()
    {
        const int n = 1000;
        var trace = NewTraceId();
        // s0 <- s1 <- ... <- s999 in one request, then s0's parent set to s999 in a second one.
        var chain = Enumerable.Range(0, n).Select(i => Numbered(trace, i, i == 0 ? null : i - 1)).ToArray();
        HostileAssert.Accepted(await fixture.Client.PostAsync("/v1/traces", Request("hostile", chain).ToByteArray(), ProtobufType), "chain");

        var closing = Numbered(trace, 0, n - 1);
        var answer = await fixture.Client.PostAsync("/v1/traces", Request("hostile", closing).ToByteArray(), ProtobufType);
        HostileAssert.Refused(answer, "parentSpanId", "closing the cycle");

        var summary = await fixture.Host.Query.GetTraceSummaryAsync(new GetTraceSummaryRequest { TraceId = trace });
        Assert.Equal(n, summary.SpanCount);
        Assert.Equal(1, summary.RootCount);
    }

    [Fact]
    public async Task Hostile_CycleClosingSpanRepeated_IsRefusedEveryTimeQuickly()
    {
        const int n = HostileFixture.MaxSpansPerTrace;
        var trace = NewTraceId();
        var chain = Enumerable.Range(0, n).Select(i => Numbered(trace, i, i == 0 ? null : i - 1)).ToArray();
        HostileAssert.Accepted(await fixture.Client.PostAsync("/v1/traces", Request("hostile", chain).ToByteArray(), ProtobufType), "chain");

        // Every copy asks for a walk up the whole chain: the worst a request can ask of the cycle check.
        var closing = Enumerable.Range(0, HostileFixture.MaxSpansPerRequest).Select(_ => Numbered(trace, 0, n - 1)).ToArray();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var answer = await fixture.Client.PostAsync("/v1/traces", Request("hostile", closing).ToByteArray(), ProtobufType);
        HostileAssert.Refused(answer, "parentSpanId", "repeated closing span");
        // 5,000 walks of 5,000 steps took about a second here; the bound only catches something worse.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        await fixture.Client.AssertStillServesAsync("repeated closing span");
    }

    [Fact]
    public async Task Hostile_ParentCycleInOneRequest_RefusesTheClosingSpanOnly()
    {
        const int n = 1000;
        var trace = NewTraceId();
        // s_i's parent is s_(i+1), and the last one's parent is s0: a ring, sent leaf first.
        var ring = Enumerable.Range(0, n).Select(i => Numbered(trace, i, (i + 1) % n)).ToArray();
        var answer = await fixture.Client.PostAsync("/v1/traces", Request("hostile", ring).ToByteArray(), ProtobufType);
        HostileAssert.Refused(answer, "parentSpanId", "ring");

        var summary = await fixture.Host.Query.GetTraceSummaryAsync(new GetTraceSummaryRequest { TraceId = trace });
        Assert.Equal(n - 1, summary.SpanCount);
    }

    [Fact]
    public async Task Hostile_SameSpanRepeated5000Times_MergesIntoOne()
    {
        var trace = NewTraceId();
        var spans = Enumerable.Range(0, HostileFixture.MaxSpansPerRequest).Select(_ => Numbered(trace, 0, null)).ToArray();
        HostileAssert.Accepted(await fixture.Client.PostAsync("/v1/traces", Request("hostile", spans).ToByteArray(), ProtobufType), "repeats");
        var summary = await fixture.Host.Query.GetTraceSummaryAsync(new GetTraceSummaryRequest { TraceId = trace });
        Assert.Equal(1, summary.SpanCount);
    }
}
