using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TraceGrains.Api.Pricing;
using TraceGrains.Api.V1;
using static TraceGrains.TestSupport.Spans;

namespace TraceGrains.Api.Tests;

/// <summary>The official OpenTelemetry exporters, unmodified, sending to a running node.</summary>
[Collection(ApiCollection.Name)]
public sealed class OtelSdkTests(ApiFixture fixture)
{
    [Theory]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    [InlineData(OtlpExportProtocol.Grpc)]
    public async Task DotnetSdk_ExportsATrace_TreeTokensCostAndDurationComeBack(OtlpExportProtocol protocol)
    {
        await ExportAndCheckAsync(protocol, fixture.Host.ApiKey);
    }

    /// <summary>The exporter's own answer: success with the key, failure (401 / UNAUTHENTICATED) without.</summary>
    [Theory]
    [InlineData(OtlpExportProtocol.HttpProtobuf, true)]
    [InlineData(OtlpExportProtocol.Grpc, true)]
    [InlineData(OtlpExportProtocol.HttpProtobuf, false)]
    [InlineData(OtlpExportProtocol.Grpc, false)]
    public void DotnetExporter_SucceedsWithTheKey_FailsWithoutIt(OtlpExportProtocol protocol, bool withKey)
    {
        var host = fixture.Host;
        using var exporter = new OtlpTraceExporter(Options(protocol, withKey ? host.ApiKey : null));
        using var activity = new Activity("probe").SetIdFormat(ActivityIdFormat.W3C).Start();
        activity.Stop();

        var result = exporter.Export(new Batch<Activity>([activity], 1));

        Assert.Equal(withKey ? ExportResult.Success : ExportResult.Failure, result);
    }

    private OtlpExporterOptions Options(OtlpExportProtocol protocol, string? key)
    {
        var host = fixture.Host;
        return new OtlpExporterOptions
        {
            Protocol = protocol,
            Endpoint = protocol == OtlpExportProtocol.Grpc
                ? new Uri($"http://127.0.0.1:{host.GrpcPort}")
                : new Uri($"http://127.0.0.1:{host.OtlpPort}/v1/traces"),
            Headers = key is null ? null : $"Authorization=Bearer {key}",
        };
    }

    private async Task ExportAndCheckAsync(OtlpExportProtocol protocol, string key)
    {
        var host = fixture.Host;
        var sourceName = "tracegrains.tests." + NewId();
        using var source = new ActivitySource(sourceName);
        using var provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(sourceName)
            .ConfigureResource(r => r.AddService("dotnet-agent"))
            .AddOtlpExporter(o =>
            {
                o.Protocol = protocol;
                o.Endpoint = protocol == OtlpExportProtocol.Grpc
                    ? new Uri($"http://127.0.0.1:{host.GrpcPort}")
                    : new Uri($"http://127.0.0.1:{host.OtlpPort}/v1/traces");
                o.ExportProcessorType = ExportProcessorType.Batch;
                o.Headers = $"Authorization=Bearer {key}";
            })
            .Build();

        var t0 = DateTimeOffset.UtcNow.AddSeconds(-10);
        string traceId;
        using (var agent = source.StartActivity("agent")!)
        {
            traceId = agent.TraceId.ToHexString();
            agent.SetStartTime(t0.UtcDateTime);
            agent.SetTag("openinference.span.kind", "AGENT");
            using (var llm = source.StartActivity("chat gpt-4o-mini", ActivityKind.Client)!)
            {
                llm.SetStartTime(t0.AddMilliseconds(100).UtcDateTime);
                llm.SetTag("gen_ai.provider.name", "openai");
                llm.SetTag("gen_ai.request.model", "gpt-4o-mini");
                llm.SetTag("gen_ai.usage.input_tokens", 1000);
                llm.SetTag("gen_ai.usage.output_tokens", 500);
                llm.SetEndTime(t0.AddMilliseconds(1300).UtcDateTime);
            }
            using (var tool = source.StartActivity("search")!)
            {
                tool.SetStartTime(t0.AddMilliseconds(1400).UtcDateTime);
                tool.AddException(new InvalidOperationException("index offline"));
                tool.SetStatus(ActivityStatusCode.Error);
                tool.SetEndTime(t0.AddMilliseconds(1900).UtcDateTime);
            }
            agent.SetEndTime(t0.AddMilliseconds(2000).UtcDateTime);
        }
        Assert.True(provider.ForceFlush(20_000), "the exporter did not flush");

        var trace = await host.Query.GetTraceAsync(new GetTraceRequest { TraceId = traceId });

        var root = Assert.Single(trace.Roots);
        Assert.Equal(("agent", "AGENT", "dotnet-agent"), (root.Span.Name, root.Span.Kind, root.Span.Service));
        var children = root.Children.ToDictionary(c => c.Span.Name, c => c.Span);
        var llmSpan = children["chat gpt-4o-mini"];
        Assert.Equal(("openai", "gpt-4o-mini", 1000L, 500L), (llmSpan.Provider, llmSpan.Model, llmSpan.InputTokens, llmSpan.OutputTokens));
        var price = host.Services.GetRequiredService<CostCalculator>().Table.Find("gpt-4o-mini", t0);
        Assert.NotNull(price);
        Assert.Equal((V1.CostSource.Computed, (double)price.Cost(1000, 500)), (llmSpan.CostSource, llmSpan.CostUsd));
        var search = children["search"];
        Assert.Equal(V1.SpanStatus.Error, search.Status);
        Assert.Equal("System.InvalidOperationException: index offline", search.StatusMessage);
        Assert.Equal((3, 1, 2000.0), (trace.Summary.SpanCount, trace.Summary.ErrorCount, trace.Summary.DurationMs));
        Assert.Equal((1000L, 500L), (trace.Summary.InputTokens, trace.Summary.OutputTokens));
        Assert.Equal(llmSpan.CostUsd, trace.Summary.ComputedCostUsd, 12);
    }

    [Fact]
    public async Task NodeOtlpHttpJsonExporter_WithoutAKey_FailsWith401()
    {
        var (exit, output) = await NodeScripts.RunAsync("otel-json-export.mjs", $"http://127.0.0.1:{fixture.Host.OtlpPort}/v1/traces");
        Assert.True(exit == 0, output);
        var answer = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
        Assert.Equal(401, answer.GetProperty("failureStatus").GetInt32());
        Assert.DoesNotContain(answer.GetProperty("codes").EnumerateArray(), c => c.GetInt32() == 0);
    }

    [Fact]
    public async Task NodeOtlpHttpJsonExporter_Gzip_TraceArrivesWhole()
    {
        var (exit, output) = await NodeScripts.RunAsync("otel-json-export.mjs", $"http://127.0.0.1:{fixture.Host.OtlpPort}/v1/traces", fixture.Host.ApiKey);
        Assert.True(exit == 0, output);
        var ids = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
        Assert.Equal([0, 0], ids.GetProperty("codes").EnumerateArray().Select(c => c.GetInt32()));

        var trace = await fixture.Host.Query.GetTraceAsync(new GetTraceRequest { TraceId = ids.GetProperty("traceId").GetString() });

        var root = Assert.Single(trace.Roots);
        Assert.Equal(("rag-chain", "CHAIN", "node-rag-app"), (root.Span.Name, root.Span.Kind, root.Span.Service));
        Assert.Equal(("u-42", "sess-7"), (root.Span.Metadata["user"], root.Span.Metadata["session"]));
        var llm = Assert.Single(root.Children).Span;
        Assert.Equal((ids.GetProperty("llmSpanId").GetString(), "LLM", "gpt-4o", "openai"), (llm.SpanId, llm.Kind, llm.Model, llm.Provider));
        Assert.Equal((200L, 100L, 300L), (llm.InputTokens, llm.OutputTokens, llm.TotalTokens));
        Assert.Equal(V1.CostSource.Computed, llm.CostSource);
        Assert.Equal("What is in the report?", llm.Attributes["input.value"]);
    }
}
