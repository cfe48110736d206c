using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Contracts.Sources;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;

namespace FeedbackFix.Clusters.Tests;

public sealed class RepositorySuggestionHttpTests(ClustersApp app) : IClassFixture<ClustersApp>
{
    private const string WebRepository = "https://github.com/acme/web";

    [Fact]
    public async Task A_cluster_without_a_repository_shows_the_one_most_of_its_reports_map_to()
    {
        var cluster = await SeedSentryClusterAsync();

        var detail = await app.Client.GetFromJsonAsync<JsonObject>($"/clusters/{cluster}");

        Assert.Equal(WebRepository, detail!["suggested_repo_url"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_cluster_with_its_own_repository_shows_no_suggestion()
    {
        var cluster = await SeedSentryClusterAsync();
        await app.Client.PatchAsJsonAsync($"/clusters/{cluster}", new { github_repo_url = "https://github.com/acme/other" });

        var detail = await app.Client.GetFromJsonAsync<JsonObject>($"/clusters/{cluster}");

        Assert.Null(detail!["suggested_repo_url"]);
    }

    [Fact]
    public async Task Start_fix_without_a_repository_uses_the_suggested_one()
    {
        var cluster = await SeedSentryClusterAsync();

        var response = await app.Client.PostAsync($"/clusters/{cluster}/start_fix", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var jobId = (await ClustersApp.ReadJsonAsync(response))["job_id"]!.GetValue<string>();
        Assert.Equal(WebRepository, (await app.Jobs.GetAsync(jobId))!.RepoUrl);
    }

    private async Task<string> SeedSentryClusterAsync()
    {
        await app.Repositories.ReplaceAsync(new RepositoryMapping(Sentry: new Dictionary<string, string> { ["web"] = WebRepository }), null);
        var ids = new List<string>();
        foreach (var project in new[] { "web", "web", "api" })
        {
            var added = await app.Feedback.AddAsync(
                new NewFeedback(FeedbackSource.Sentry, Guid.NewGuid().ToString("N"), "TypeError in checkout", "It breaks.", null, null,
                    DateTimeOffset.UtcNow, JsonSerializer.SerializeToElement(new { project })),
                null);
            ids.Add(added.Id);
        }
        return (await app.Clusters.CreateAsync(new NewCluster("TypeError in checkout", "A summary.", ids))).Id;
    }
}
