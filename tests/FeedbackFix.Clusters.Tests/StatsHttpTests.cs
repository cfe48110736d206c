using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;

namespace FeedbackFix.Clusters.Tests;

public sealed class StatsHttpTests(ClustersApp app) : IClassFixture<ClustersApp>
{
    [Fact]
    public async Task Stats_move_by_exactly_what_a_scenario_adds()
    {
        var before = await app.Client.GetFromJsonAsync<JsonObject>("/stats");

        // Three items: two clustered together (manual), one left alone (github); two clusters,
        // one ignored; one fixing with a queued job; one more job cancelled back to new.
        var fixing = await app.SeedClusterAsync(items: 2, repoUrl: "https://github.com/acme/app");
        await app.Feedback.AddAsync(new NewFeedback(FeedbackSource.Github, Guid.NewGuid().ToString("N"), "Alone", "Body", null, null, DateTimeOffset.UtcNow), null);
        var ignored = await app.Clusters.CreateAsync(new NewCluster("Noise", "Spam", []));
        await app.Clusters.ChangeAsync(ignored.Id, new ClusterChanges(Status: ClusterStatus.Ignored), StatusTransitions.UserMayMove);
        (await app.Client.PostAsync($"/clusters/{fixing.Id}/start_fix", null)).EnsureSuccessStatusCode();
        var (cancelledJob, _, _) = await app.SeedManualJobAsync();
        (await app.Client.PostAsync($"/jobs/{cancelledJob}/cancel", null)).EnsureSuccessStatusCode();

        var after = await app.Client.GetFromJsonAsync<JsonObject>("/stats");

        long Delta(params string[] path)
        {
            JsonNode? a = after, b = before;
            foreach (var key in path)
            {
                a = a![key];
                b = b![key];
            }
            return a!.GetValue<long>() - b!.GetValue<long>();
        }
        // SeedManualJobAsync adds one manual item and its cluster too.
        Assert.Equal(4, Delta("feedback", "total"));
        Assert.Equal(1, Delta("feedback", "unclustered"));
        Assert.Equal(3, Delta("feedback", "by_source", "manual"));
        Assert.Equal(1, Delta("feedback", "by_source", "github"));
        Assert.Equal(0, Delta("feedback", "by_source", "reddit"));
        Assert.Equal(3, Delta("clusters", "total"));
        Assert.Equal(1, Delta("clusters", "by_status", "fixing"));
        Assert.Equal(1, Delta("clusters", "by_status", "ignored"));
        Assert.Equal(1, Delta("clusters", "by_status", "new"));
        Assert.Equal(2, Delta("jobs", "total"));
        Assert.Equal(1, Delta("jobs", "by_status", "queued"));
        Assert.Equal(1, Delta("jobs", "by_status", "cancelled"));
        Assert.Equal(0, Delta("jobs", "by_status", "running"));
    }
}
