using System.Collections.Immutable;
using TraceGrains.Api.Hosting;
using TraceGrains.Api.Query;

namespace TraceGrains.Api.Tests;

public sealed class EncodedAnswersTests
{
    // Only the number of spans matters to the cache; the answer is whatever the mapping returns.
    private static TraceDetails Details(int spans) => new(null!, ImmutableArray.Create(new SpanView[spans]), []);

    private sealed class Mapper
    {
        public int Calls;
        public byte[] Map(TraceDetails _)
        {
            Calls++;
            return new byte[1];
        }
    }

    [Fact]
    public void The_same_details_are_encoded_once_and_equal_but_distinct_details_are_not_confused()
    {
        var cache = new EncodedAnswers(new ApiOptions { MappedAnswerCacheSpans = 100 });
        var mapper = new Mapper();
        var details = Details(10);
        var first = cache.GetOrEncode(details, mapper.Map);
        Assert.Same(first, cache.GetOrEncode(details, mapper.Map));
        Assert.Equal(1, mapper.Calls);
        // A record equal by value (same arrays) is still another trace version: keyed by reference.
        var copy = details with { };
        Assert.NotSame(first, cache.GetOrEncode(copy, mapper.Map));
        Assert.Equal(2, mapper.Calls);
    }

    [Fact]
    public void Spans_kept_never_exceed_MappedAnswerCacheSpans_and_the_oldest_go_first()
    {
        var cache = new EncodedAnswers(new ApiOptions { MappedAnswerCacheSpans = 100 });
        var mapper = new Mapper();
        var a = Details(40);
        var b = Details(40);
        var c = Details(40);
        cache.GetOrEncode(a, mapper.Map);
        cache.GetOrEncode(b, mapper.Map);
        cache.GetOrEncode(c, mapper.Map);          // 120 > 100: a goes
        Assert.Equal(80, cache.Spans);
        cache.GetOrEncode(b, mapper.Map);
        cache.GetOrEncode(c, mapper.Map);
        Assert.Equal(3, mapper.Calls);          // b and c were still kept
        cache.GetOrEncode(a, mapper.Map);          // a was not
        Assert.Equal(4, mapper.Calls);
        Assert.True(cache.Spans <= 100);
    }

    [Fact]
    public void A_trace_larger_than_the_cache_or_a_cache_of_zero_keeps_nothing()
    {
        var big = new EncodedAnswers(new ApiOptions { MappedAnswerCacheSpans = 100 });
        var none = new EncodedAnswers(new ApiOptions { MappedAnswerCacheSpans = 0 });
        var mapper = new Mapper();
        var large = Details(101);
        big.GetOrEncode(large, mapper.Map);
        big.GetOrEncode(large, mapper.Map);
        var small = Details(1);
        none.GetOrEncode(small, mapper.Map);
        none.GetOrEncode(small, mapper.Map);
        Assert.Equal(4, mapper.Calls);
        Assert.Equal(0, big.Spans);
        Assert.Equal(0, none.Spans);
    }

    [Fact]
    public void An_answer_does_not_keep_its_details_alive()
    {
        var cache = new EncodedAnswers(new ApiOptions { MappedAnswerCacheSpans = 1_000 });
        var weak = Fill(cache);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(weak.TryGetTarget(out _));
    }

    // Separate method, so that no local of the test still holds the details.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference<TraceDetails> Fill(EncodedAnswers cache)
    {
        var details = Details(10);
        cache.GetOrEncode(details, new Mapper().Map);
        return new WeakReference<TraceDetails>(details);
    }
}
