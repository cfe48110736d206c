using FeedbackFix.Clustering.Worker;

namespace FeedbackFix.Clustering.Tests.Worker;

public sealed class LabelPacingTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public void Quick_flushes_keep_the_configured_interval()
    {
        Assert.Equal(Interval, MembershipWriter.NextLabelsDue(Interval, TimeSpan.Zero));
        Assert.Equal(Interval, MembershipWriter.NextLabelsDue(Interval, TimeSpan.FromMilliseconds(100)));
    }

    [Theory]
    [InlineData(200)]
    [InlineData(600)]
    [InlineData(3_000)]
    public void A_slow_flush_is_followed_by_enough_intake_that_labelling_takes_its_share_of_the_time(int flushMs)
    {
        var took = TimeSpan.FromMilliseconds(flushMs);

        var next = MembershipWriter.NextLabelsDue(Interval, took);

        Assert.True(next > Interval);
        Assert.Equal(BusyPacing.Share, took / (took + next), precision: 6);
    }
}
