namespace FeedbackFix.Clustering.Worker;

/// <summary>
/// How the writer paces its side work while items keep coming: refreshing labels and the passes of
/// a settling run may each take at most <see cref="Share"/> of its time, and placing items the rest.
/// Side work that took a while waits in proportion before it runs again; with no item placed since, it runs at once.
/// </summary>
internal static class BusyPacing
{
    /// <summary>While items keep coming, the share of the writer's time one kind of side work may take.</summary>
    public const double Share = 0.1;

    /// <summary>How long intake gets after side work that took <paramref name="took"/>, so the work keeps to its <see cref="Share"/>.</summary>
    public static TimeSpan After(TimeSpan took) => took * ((1 - Share) / Share);
}
