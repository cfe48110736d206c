namespace FeedbackFix.Bench.ClusterList;

/// <summary>
/// The time the seeded reports are read at: the end of their 30 days, so every cluster has counts in the
/// trend window however long after the seed's dates the bench is run.
/// </summary>
internal sealed class SeedClock : TimeProvider
{
    public static readonly DateTimeOffset Now = ListSeed.Start.AddDays(30);

    public override DateTimeOffset GetUtcNow() => Now;
}
