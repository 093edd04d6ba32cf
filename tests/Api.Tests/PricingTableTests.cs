using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TraceGrains.Api.Pricing;
using static TraceGrains.TestSupport.Spans;

namespace TraceGrains.Api.Tests;

public sealed class PricingTableTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    private static PricingTable Table(string models) => new([.. PricingTable.Parse($$"""{"models":[{{models}}]}""", "test")]);

    [Fact]
    public void Find_ExactNameBeatsPattern_AndIgnoresCase()
    {
        var table = Table("""
            {"pattern":"^gpt-4o.*$","input_per_million":9,"output_per_million":9},
            {"model":"gpt-4o","input_per_million":2.5,"output_per_million":10}
            """);

        Assert.Equal(2.5m, table.Find("GPT-4o", Now)!.InputPerMillion);
        Assert.Equal(9m, table.Find("gpt-4o-2024-08-06", Now)!.InputPerMillion);
        Assert.Null(table.Find("claude", Now));
    }

    [Fact]
    public void Find_TakesTheLatestPriceEffectiveAtTheSpansTime()
    {
        var table = Table("""
            {"model":"m","input_per_million":10,"output_per_million":40,"effective_from":"2025-04-16"},
            {"model":"m","input_per_million":2,"output_per_million":8,"effective_from":"2025-06-10"}
            """);

        Assert.Null(table.Find("m", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(10m, table.Find("m", new DateTimeOffset(2025, 5, 1, 0, 0, 0, TimeSpan.Zero))!.InputPerMillion);
        Assert.Equal(2m, table.Find("m", Now)!.InputPerMillion);
    }

    [Fact]
    public void Find_ProviderPrefixedName_FallsBackToTheBareModel()
    {
        var table = Table("""{"model":"gemini-2.5-pro","input_per_million":1.25,"output_per_million":10}""");
        Assert.NotNull(table.Find("models/gemini-2.5-pro", Now));
        Assert.NotNull(table.Find("google/gemini-2.5-pro", Now));
    }

    [Fact]
    public void Apply_ProvidedCostIsKept_UnknownModelStaysUnknown_TokensGetComputedCost()
    {
        var costs = new CostCalculator(Table("""{"model":"gpt-4o-mini","input_per_million":0.15,"output_per_million":0.6}"""));

        var computed = costs.Apply(Span(model: "gpt-4o-mini", input: 10_000, output: 1_000));
        var provided = costs.Apply(Span(model: "gpt-4o-mini", input: 10_000, output: 1_000, cost: 0.5m));
        var unknown = costs.Apply(Span(model: "mystery", input: 10));
        var noTokens = costs.Apply(Span(model: "gpt-4o-mini"));

        Assert.Equal((0.0021m, CostSource.Computed), (computed.CostUsd, computed.CostSource));
        Assert.Equal((0.5m, CostSource.Provided), (provided.CostUsd, provided.CostSource));
        Assert.Equal((null, CostSource.Unknown), (unknown.CostUsd, unknown.CostSource));
        Assert.Equal((null, CostSource.Unknown), (noTokens.CostUsd, noTokens.CostSource));
    }

    [Fact]
    public void FromConfiguration_OverrideFileRowsWinOverTheShippedTable()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, """{"models":[{"model":"gpt-4o-mini","input_per_million":1,"output_per_million":1}]}""");
        try
        {
            var costs = CostCalculator.FromConfiguration(Options.Create(new PricingOptions { OverrideFile = file }), new FakeEnvironment());
            Assert.Equal(1m, costs.Table.Find("gpt-4o-mini", Now)!.InputPerMillion);
            Assert.NotNull(costs.Table.Find("claude-sonnet-4-5", Now)); // shipped rows still there
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void ShippedTable_LoadsAndCoversTheMainProviders()
    {
        var table = CostCalculator.FromConfiguration(Options.Create(new PricingOptions()), new FakeEnvironment()).Table;
        foreach (var model in new[] { "gpt-4o", "gpt-4o-mini-2024-07-18", "claude-3-5-sonnet-20241022", "gemini-2.5-flash", "llama-3.3-70b-versatile", "deepseek-chat", "mistral-small-latest", "grok-3" })
            Assert.True(table.Find(model, Now) is not null, $"{model} is not priced");
    }

    [Fact]
    public void Parse_RowWithBothOrNeitherNameAndPattern_IsRefused()
    {
        Assert.Throws<InvalidDataException>(() => Table("""{"model":"a","pattern":"^a$","input_per_million":1,"output_per_million":1}"""));
        Assert.Throws<InvalidDataException>(() => Table("""{"input_per_million":1,"output_per_million":1}"""));
        Assert.Throws<InvalidDataException>(() => Table("""{"model":"a","input_per_million":-1,"output_per_million":1}"""));
    }

    private sealed class FakeEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Test";
        public string ApplicationName { get; set; } = "tests";
        public string ContentRootPath { get; set; } = Path.GetTempPath();
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }
}
