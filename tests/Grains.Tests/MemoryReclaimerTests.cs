using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TraceGrains.Grains;
using Xunit;

namespace TraceGrains.Grains.Tests;

// Alone: the committed-memory check must not see other tests allocating at the same time.
[CollectionDefinition(nameof(MemoryReclaimerTests), DisableParallelization = true)]
public sealed class MemoryReclaimerCollection;

[Collection(nameof(MemoryReclaimerTests))]
public class MemoryReclaimerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    private static (MemoryReclaimer Reclaimer, MemoryOptions Options) Make()
    {
        // MinSlackBytes 1: any committed memory beyond the live heap counts, so only the policy decides.
        var options = new MemoryOptions { MinDropFraction = 0.5, MinIntervalSeconds = 30, MinSlackBytes = 1 };
        return (new MemoryReclaimer(Options.Create(options), TimeProvider.System, NullLogger<MemoryReclaimer>.Instance), options);
    }

    [Fact]
    public void Reclaims_only_after_the_held_spans_fall_by_the_configured_share_of_their_peak()
    {
        var (reclaimer, o) = Make();
        Assert.False(reclaimer.Check(o, 0, T0));             // nothing was ever held
        Assert.False(reclaimer.Check(o, 1_000, T0.AddSeconds(1)));
        Assert.False(reclaimer.Check(o, 600, T0.AddSeconds(2)));  // fell by 40 %: not yet
        Assert.True(reclaimer.Check(o, 500, T0.AddSeconds(3)));   // fell by half
    }

    [Fact]
    public void At_most_one_reclaim_per_interval_and_the_peak_restarts_from_the_reclaim()
    {
        var (reclaimer, o) = Make();
        reclaimer.Check(o, 1_000, T0);
        Assert.True(reclaimer.Check(o, 400, T0.AddSeconds(1)));
        Assert.False(reclaimer.Check(o, 0, T0.AddSeconds(10)));   // within MinIntervalSeconds
        Assert.True(reclaimer.Check(o, 0, T0.AddSeconds(31)));    // 0 is below half of the 400 left at the last reclaim
        Assert.False(reclaimer.Check(o, 0, T0.AddSeconds(62)));   // peak restarted at 0: nothing fell since
    }

    [Fact]
    public void A_reclaim_leaves_no_more_committed_memory_than_before()
    {
        var (reclaimer, o) = Make();
        var garbage = new List<byte[]>();
        for (var i = 0; i < 64; i++) garbage.Add(new byte[1 << 20]);
        garbage.Clear();
        var before = GC.GetGCMemoryInfo().TotalCommittedBytes;
        reclaimer.Check(o, 1_000, T0);
        Assert.True(reclaimer.Check(o, 0, T0.AddSeconds(1)));
        Assert.True(GC.GetGCMemoryInfo().TotalCommittedBytes <= before);
    }
}
