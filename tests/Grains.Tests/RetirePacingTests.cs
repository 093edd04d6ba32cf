using TraceGrains.Grains.Wal;

namespace TraceGrains.Grains.Tests;

/// <summary>Retiring a sealed segment spreads its traces' checkpoint requests instead of sending them all at once.</summary>
public sealed class RetirePacingTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Requests_start_evenly_over_the_spread_the_first_at_once_and_all_before_it_ends()
    {
        var starts = SharedLog.PacedStarts(4, Start, TimeSpan.FromSeconds(20)).ToList();
        Assert.Equal([Start, Start.AddSeconds(5), Start.AddSeconds(10), Start.AddSeconds(15)], starts);
    }

    [Fact]
    public void No_spread_starts_every_request_at_once_and_no_requests_give_no_starts()
    {
        Assert.All(SharedLog.PacedStarts(1000, Start, TimeSpan.Zero), at => Assert.Equal(Start, at));
        Assert.Empty(SharedLog.PacedStarts(0, Start, TimeSpan.FromSeconds(15)));
    }
}
