using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;
using StackExchange.Redis;

namespace FeedbackFix.Bench.Dashboard;

/// <summary>
/// Clusters as a product's feedback makes them, stored through Domain's stores: most of a single
/// report, a long tail of large ones; titles of several words from a small vocabulary (so
/// <see cref="CommonWord"/> is in about one title in ten); reports over 30 days from every source;
/// a tenth ignored and a few fixed. The same seed gives the same store.
/// </summary>
internal static class InboxSeed
{
    public const string CommonWord = "export";

    private static readonly string[] Subjects =
    [
        "Export to CSV", "Login with Google", "Search results", "Checkout", "Offline sync", "Photo upload",
        "Dark mode", "Push notifications", "Password reset", "Invoice PDF",
    ];

    private static readonly string[] Problems =
    [
        "fails on large accounts", "is slow on Android", "crashes after the update", "shows an empty page",
        "times out on hotel wifi", "loses the last change", "shows the wrong language", "needs two taps to work",
    ];

    private static readonly string[] Contexts = ["", " since 4.2", " on iPad", " for team workspaces", " in Safari", " after sign-in"];
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Stores <paramref name="count"/> clusters and their reports; answers the clusters' ids and how many reports they hold.</summary>
    public static async Task<(IReadOnlyList<string> Ids, int Reports)> SeedAsync(IConnectionMultiplexer redis, int count, CancellationToken cancellationToken)
    {
        var random = new Random(7);
        var feedback = new FeedbackStore(redis, TimeProvider.System);
        var store = new ClusterStore(redis, feedback, TimeProvider.System);
        var sources = Enum.GetValues<FeedbackSource>();
        var sizes = Enumerable.Range(0, count).Select(_ => random.NextDouble() switch
        {
            < 0.60 => 1,
            < 0.85 => random.Next(2, 5),
            < 0.97 => random.Next(5, 21),
            < 0.995 => random.Next(21, 101),
            _ => random.Next(101, 400),
        }).ToArray();
        var titles = Enumerable.Range(0, count).Select(_ =>
            Subjects[random.Next(Subjects.Length)] + " " + Problems[random.Next(Problems.Length)] + Contexts[random.Next(Contexts.Length)]).ToArray();

        var reports = sizes.Select((size, cluster) => Enumerable.Range(0, size).Select(_ => new NewFeedback(
            sources[random.Next(sources.Length)], null, titles[cluster], "It does not work the way it did last week; steps below.", null, "user",
            Start.AddMinutes(random.Next(30 * 24 * 60)))).ToList()).ToList();
        var itemIds = new List<string>[count];
        var flat = reports.SelectMany((list, cluster) => list.Select(report => (cluster, report))).ToList();
        foreach (var chunk in flat.Chunk(1_000))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var refs = await feedback.AddManyAsync([.. chunk.Select(c => c.report)], null);
            for (var i = 0; i < chunk.Length; i++)
            {
                (itemIds[chunk[i].cluster] ??= []).Add(refs[i].Id);
            }
        }

        var ids = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
            async (i, _) =>
            {
                var cluster = await store.CreateAsync(new NewCluster(titles[i], "Users report it from several places.", itemIds[i]));
                ids[i] = cluster.Id;
                var status = StatusOf(i);
                if (status != ClusterStatus.New)
                {
                    await store.ChangeAsync(cluster.Id, new ClusterChanges(Status: status), StatusTransitions.UserMayMove);
                }
            });
        return (ids, flat.Count);
    }

    /// <summary>The status the <paramref name="index"/>th cluster is given.</summary>
    public static ClusterStatus StatusOf(int index) =>
        (index % 100) switch { < 10 => ClusterStatus.Ignored, < 13 => ClusterStatus.Fixed, _ => ClusterStatus.New };
}
