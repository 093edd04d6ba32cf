using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using TraceGrains.Grains.Journal;

namespace TraceGrains.Bench.Micro;

/// <summary>A journal frame (src/Grains/Journal/FrameCodec) holding one entry of 100 spans, in Orleans' binary serialization.</summary>
[MemoryDiagnoser]
public class JournalCodecBenchmarks
{
    private FrameCodec<JournalEntry> _codec = null!;
    private JournalEntry[] _entries = [];
    private byte[] _encoded = [];

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection()
            .AddSerializer(b => b.AddAssembly(typeof(JournalEntry).Assembly).AddAssembly(typeof(SpanRecord).Assembly))
            .BuildServiceProvider();
        _codec = new FrameCodec<JournalEntry>(services.GetRequiredService<Serializer<JournalEntry>>());
        var spans = BenchData.OneTrace(100);
        _entries = [new JournalEntry(DateTimeOffset.UtcNow, [.. spans], ImmutableArray<FeedbackRecord>.Empty, spans[0].StartTime)];
        _encoded = _codec.Encode(_entries);
        if (_codec.Decode(_encoded).Single().Spans.Length != 100) throw new InvalidOperationException("round trip lost spans");
    }

    [Benchmark(Description = "Encode a 100-span journal entry")]
    public byte[] Encode() => _codec.Encode(_entries);

    [Benchmark(Description = "Decode a 100-span journal entry")]
    public int Decode() => _codec.Decode(_encoded).Sum(e => e.Spans.Length);
}
