using System.Diagnostics;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;
using StackExchange.Redis;

namespace FeedbackFix.Bench.ClusterList;

/// <summary>
/// Clusters as a product's feedback makes them: most of a single report, a few large; titles from
/// a small vocabulary, so one word is in about one title in eight and another in one title only;
/// reports over 30 days from every source; a tenth ignored and a few fixed.
/// </summary>
internal static class ListSeed
{
    public const string CommonWord = "export";
    public const string RareWord = "kaleidoscope";

    private static readonly string[] Subjects = ["Export", "Login", "Search", "Checkout", "Sync", "Upload", "Dark mode", "Notifications"];
    private static readonly string[] Problems = ["fails on large reports", "is slow on android", "crashes after the update", "shows an empty page", "times out on wifi"];
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<SeedResult> SeedAsync(IConnectionMultiplexer redis, int count, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(7);
        var feedback = new FeedbackStore(redis, TimeProvider.System);
        var store = new ClusterStore(redis, feedback, new SeedClock());
        var sources = Enum.GetValues<FeedbackSource>();
        var sizes = Enumerable.Range(0, count).Select(_ => random.NextDouble() switch
        {
            < 0.60 => 1,
            < 0.85 => random.Next(2, 5),
            < 0.97 => random.Next(5, 21),
            _ => random.Next(21, 101),
        }).ToArray();

        var reports = sizes.Select(size => Enumerable.Range(0, size).Select(_ => new NewFeedback(
            sources[random.Next(sources.Length)], null, "report", "It does not work.", null, null,
            Start.AddMinutes(random.Next(30 * 24 * 60)))).ToList()).ToList();
        var itemIds = new List<string>[count];
        var flat = reports.SelectMany((list, cluster) => list.Select(report => (cluster, report))).ToList();
        foreach (var chunk in flat.Chunk(1_000))
        {
            var refs = await feedback.AddManyAsync([.. chunk.Select(c => c.report)], null);
            for (var i = 0; i < chunk.Length; i++)
            {
                (itemIds[chunk[i].cluster] ??= []).Add(refs[i].Id);
            }
        }

        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancellationToken },
            async (i, _) =>
            {
                var title = i == count / 2 ? $"The {RareWord} view freezes" : $"{Subjects[i % Subjects.Length]} {Problems[i / Subjects.Length % Problems.Length]} ({i})";
                var cluster = await store.CreateAsync(new NewCluster(title, "Users report it.", itemIds[i]));
                var status = (i % 100) switch { < 10 => ClusterStatus.Ignored, < 13 => ClusterStatus.Fixed, _ => ClusterStatus.New };
                if (status != ClusterStatus.New)
                {
                    await store.ChangeAsync(cluster.Id, new ClusterChanges(Status: status), StatusTransitions.UserMayMove);
                }
            });
        return new SeedResult(count, flat.Count, clock.Elapsed);
    }
}
