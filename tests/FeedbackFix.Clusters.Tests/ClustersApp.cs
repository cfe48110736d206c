using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackFix.Clusters.Tests;

/// <summary>
/// The Clusters service in memory over its own real redis-server: one per test class, so a
/// class sees only the data its own tests seed.
/// </summary>
public sealed class ClustersApp : IAsyncLifetime
{
    private WebApplicationFactory<Program> _factory = null!;

    public RedisServer Redis { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public ClusterStore Clusters => _factory.Services.GetRequiredService<ClusterStore>();

    public JobStore Jobs => _factory.Services.GetRequiredService<JobStore>();

    public FeedbackStore Feedback => _factory.Services.GetRequiredService<FeedbackStore>();

    public PullRequestStore PullRequests => _factory.Services.GetRequiredService<PullRequestStore>();

    public ClusterMembershipStore Membership => _factory.Services.GetRequiredService<ClusterMembershipStore>();

    public RepositoryMappingStore Repositories => _factory.Services.GetRequiredService<RepositoryMappingStore>();

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
            .UseSetting("ConnectionStrings:redis", Redis.ConnectionString)
            .UseSetting("Fixes:Launcher", "process")
            .UseSetting("PullRequests:PollInterval", "00:00:00.050"));
        Client = _factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        await Redis.DisposeAsync();
    }

    /// <summary>A new cluster over <paramref name="items"/> fresh feedback items.</summary>
    public async Task<IssueCluster> SeedClusterAsync(int items = 1, string? repoUrl = null, string title = "Login fails")
    {
        var ids = new List<string>();
        for (var i = 0; i < items; i++)
        {
            var added = await Feedback.AddAsync(
                new NewFeedback(FeedbackSource.Manual, Guid.NewGuid().ToString("N"), $"{title} #{i}", "It breaks.", null, "tester",
                    DateTimeOffset.UtcNow.AddMinutes(-i)),
                null);
            ids.Add(added.Id);
        }
        return await Clusters.CreateAsync(new NewCluster(title, "A summary.", ids, repoUrl));
    }

    /// <summary>A job the test runs by hand (POST /jobs), with its token.</summary>
    public async Task<(string JobId, string Token, string ClusterId)> SeedManualJobAsync()
    {
        var cluster = await SeedClusterAsync(repoUrl: "https://github.com/acme/app");
        var response = await Client.PostAsJsonAsync("/jobs", new { cluster_id = cluster.Id });
        response.EnsureSuccessStatusCode();
        var job = await ReadJsonAsync(response);
        return (job["id"]!.GetValue<string>(), job["token"]!.GetValue<string>(), cluster.Id);
    }

    public static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response) =>
        (JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonObject)
        ?? throw new InvalidOperationException("The response was not a JSON object.");

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
