using FeedbackFix.Clustering.Tests.Embedding;
using FeedbackFix.Clustering.Tests.Worker;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Clustering.Tests.SmallSets;

/// <summary>
/// A new team's first reports, as a person would group them: each small hand-written set goes
/// through the real worker with the MiniLM model and the default grouping options, one report at a
/// time, and once its small clusters have turned quiet it must show at most its themes + 2
/// clusters, none of them mixing two themes. Only the quiet period is shortened (from 2 minutes).
/// In the MiniLM collection: the model uses every core while it encodes.
/// </summary>
[Collection(MiniLmCollection.Name)]
public sealed class SmallSetWorkerTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    public static TheoryData<string> Sets => [.. SmallSet.Names];

    [Theory]
    [MemberData(nameof(Sets))]
    public async Task A_small_set_ends_in_about_its_themes_with_no_cluster_mixing_two(string name)
    {
        var set = SmallSet.Read(name);
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var db = redis.Connection.GetDatabase();
        var feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        await using var worker = new WorkerHost(redis.ConnectionString, "small-set",
            ("Clustering:Embedding:Provider", "minilm"), ("Clustering:RefineInterval", "00:00:01"),
            ("Clustering:Grouping:FoldAfterQuiet", "00:00:02")).Start();

        var themeOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (title, body, theme) in set.Reports)
        {
            var added = await feedback.AddAsync(new NewFeedback(FeedbackSource.Manual, null, title, body, null, null, DateTimeOffset.UtcNow), null);
            themeOf[added.Id] = theme;
        }

        await ClusteringState.WaitUntilClusteredAsync(db, themeOf.Keys, Within);
        var most = set.Themes + 2;
        Dictionary<string, string[]> clusters = [];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        do
        {
            await Task.Delay(250);
            clusters = (await ClusteringState.MembersAsync(db)).Where(c => c.Value.Length > 0).ToDictionary();
        }
        while (clusters.Count > most && DateTime.UtcNow < deadline);

        var described = string.Join("; ", clusters.Values.Select(members => string.Join(", ", members.Select(m => themeOf[m]).Order())));
        Assert.True(clusters.Count <= most, $"{set.Reports.Count} reports on {set.Themes} themes ended in {clusters.Count} clusters: {described}");
        Assert.All(clusters.Values, members => Assert.True(members.Select(m => themeOf[m]).Distinct().Count() == 1, $"a cluster mixes themes: {described}"));
    }
}
