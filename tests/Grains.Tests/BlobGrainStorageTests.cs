using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Serialization;
using TraceGrains.Grains.Journal;
using TraceGrains.Grains.Storage;
using TraceGrains.TestSupport;
using static TraceGrains.TestSupport.Spans;

namespace TraceGrains.Grains.Tests;

/// <summary>Grain state blobs on a real Azurite, compressed (Content-Encoding: br) or not, each readable by either setting.</summary>
public sealed class BlobGrainStorageTests : IAsyncLifetime
{
    private AzuriteServer _azurite = null!;
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(JournalEntry).Assembly).AddAssembly(typeof(SpanRecord).Assembly))
        .BuildServiceProvider();

    public async Task InitializeAsync() => _azurite = await AzuriteServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    private (BlobGrainStorage Storage, BlobContainerProvider Blobs) Storage(int quality)
    {
        var options = Options.Create(new BlobStorageOptions { ConnectionString = _azurite.ConnectionString, CompressionQuality = quality });
        var blobs = new BlobContainerProvider(options, new StorageCounters());
        return (new BlobGrainStorage("traces", blobs, _services.GetRequiredService<Serializer>(), options,
            NullLogger<BlobGrainStorage>.Instance), blobs);
    }

    private static JournalEntry Entry(int spans) => new(T0,
        [.. Enumerable.Range(0, spans).Select(i => Span(id: $"s{i}", model: "gpt-4o-mini",
            attributes: ImmutableDictionary<string, string>.Empty.Add("llm.input_messages.0.message.content", $"question {i % 7} about the weather"))) ],
        ImmutableArray<FeedbackRecord>.Empty);

    [Theory]
    [InlineData(1, 0)]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    public async Task StateWrittenWithOneSetting_IsReadBackWithTheOther(int writerQuality, int readerQuality)
    {
        var (writer, blobs) = Storage(writerQuality);
        var (reader, _) = Storage(readerQuality);
        await blobs.EnsureCreatedAsync();
        var id = GrainId.Create("trace", $"default/{NewId()}");
        var written = new GrainState<JournalEntry>(Entry(200));

        await writer.WriteStateAsync("traces", id, written);
        var read = new GrainState<JournalEntry>();
        await reader.ReadStateAsync("traces", id, read);

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(written.State!.Spans.Select(s => (s.SpanId, s.Attributes["llm.input_messages.0.message.content"])),
            read.State!.Spans.Select(s => (s.SpanId, s.Attributes["llm.input_messages.0.message.content"])));
        var properties = (await blobs.Container.GetBlobClient(BlobGrainStorage.BlobName("traces", id)).GetPropertiesAsync()).Value;
        var plainSize = _services.GetRequiredService<Serializer>().SerializeToArray(written.State).Length;
        if (writerQuality > 0)
        {
            Assert.Equal("br", properties.ContentEncoding);
            Assert.True(properties.ContentLength * 3 < plainSize, $"{properties.ContentLength} bytes stored for {plainSize}");
        }
        else
        {
            Assert.Null(properties.ContentEncoding);
            Assert.Equal(plainSize, properties.ContentLength);
        }
    }
}
