using System.Net;
using FeedbackFix.Contracts.Queues;
using FeedbackFix.Domain.Queues;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Ingestion.Tests.Support;
using StackExchange.Redis;

namespace FeedbackFix.Ingestion.Tests.Http;

/// <summary>
/// GitHub <c>pull_request</c> deliveries: verified, then queued on <c>stream:pull_requests</c> for Clusters
/// (Ingestion writes no job or cluster). The entries are read back with the Domain's queue contract,
/// the one Clusters' worker reads them with.
/// </summary>
[Collection(IngestionAppCollection.Name)]
public sealed class GitHubPullRequestWebhookHttpTests(IngestionApp app)
{
    private readonly HttpClient _client = app.CreateClient();

    private IDatabase Db => app.Redis.Connection.GetDatabase();

    [Fact]
    public async Task A_signed_closed_and_merged_pull_request_is_queued_for_clusters_as_a_merge()
    {
        var delivery = GitHubPayloads.Delivery();
        var number = GitHubPayloads.Number();

        var response = await _client.SendAsync(SignedDelivery.GitHub("pull_request", GitHubPayloads.PullRequest("closed", number, merged: true), delivery));

        var accepted = await HttpAssert.JsonAsync(response, HttpStatusCode.Accepted);
        Assert.True(accepted.GetProperty("queued").GetBoolean());
        Assert.False(accepted.GetProperty("duplicate").GetBoolean());
        var entry = await QueuedAsync(delivery);
        Assert.Equal(("acme/app", number, "closed", true), (entry.Repository, entry.Number, entry.Action, entry.Merged));
        Assert.Equal(DateTimeOffset.Parse("2026-11-21T10:00:00Z"), entry.UpdatedAt);
    }

    [Theory]
    [InlineData("opened", false)]
    [InlineData("reopened", false)]
    [InlineData("closed", false)]
    public async Task Opened_reopened_and_closed_unmerged_pull_requests_are_queued_with_their_action(string action, bool merged)
    {
        var delivery = GitHubPayloads.Delivery();
        var number = GitHubPayloads.Number();

        var response = await _client.SendAsync(SignedDelivery.GitHub("pull_request", GitHubPayloads.PullRequest(action, number, merged), delivery));

        await HttpAssert.JsonAsync(response, HttpStatusCode.Accepted);
        var entry = await QueuedAsync(delivery);
        Assert.Equal((number, action, merged), (entry.Number, entry.Action, entry.Merged));
    }

    [Fact]
    public async Task A_redelivered_pull_request_is_a_duplicate_and_queued_once()
    {
        var delivery = GitHubPayloads.Delivery();
        var payload = GitHubPayloads.PullRequest("closed", GitHubPayloads.Number(), merged: true);

        await _client.SendAsync(SignedDelivery.GitHub("pull_request", payload, delivery));
        var again = await _client.SendAsync(SignedDelivery.GitHub("pull_request", payload, delivery));

        var duplicate = await HttpAssert.JsonAsync(again, HttpStatusCode.Accepted);
        Assert.True(duplicate.GetProperty("duplicate").GetBoolean());
        Assert.Single(await EntriesOfAsync(delivery));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sha256=0000000000000000000000000000000000000000000000000000000000000000")]
    public async Task An_unsigned_or_wrongly_signed_pull_request_is_401_and_queues_nothing(string? signature)
    {
        var delivery = GitHubPayloads.Delivery();
        var request = SignedDelivery.GitHub("pull_request", GitHubPayloads.PullRequest("closed", GitHubPayloads.Number(), merged: true), delivery,
            signature: signature ?? "");
        if (signature is null)
        {
            request.Headers.Remove("X-Hub-Signature-256");
        }

        var response = await _client.SendAsync(request);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Empty(await EntriesOfAsync(delivery));
        Assert.False(await Db.KeyExistsAsync(RedisKeys.GitHubDelivery(delivery)));
    }

    [Theory]
    [InlineData("edited")]
    [InlineData("synchronize")]
    [InlineData("labeled")]
    public async Task Pull_request_actions_that_do_not_change_a_fix_are_ignored(string action)
    {
        var delivery = GitHubPayloads.Delivery();

        var response = await _client.SendAsync(SignedDelivery.GitHub("pull_request", GitHubPayloads.PullRequest(action, GitHubPayloads.Number()), delivery));

        var ignored = await HttpAssert.JsonAsync(response, HttpStatusCode.Accepted);
        Assert.True(ignored.GetProperty("ignored").GetBoolean());
        Assert.Empty(await EntriesOfAsync(delivery));
    }

    [Fact]
    public async Task A_pull_request_without_its_number_or_repository_is_400_naming_the_fields()
    {
        var delivery = GitHubPayloads.Delivery();
        const string payload = """{ "action": "closed", "pull_request": { "merged": true }, "repository": {} }""";

        var response = await _client.SendAsync(SignedDelivery.GitHub("pull_request", payload, delivery));

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("pull_request.number", out _));
        Assert.True(errors.TryGetProperty("repository.full_name", out _));
        Assert.Empty(await EntriesOfAsync(delivery));
    }

    private async Task<PullRequestQueueEntry> QueuedAsync(string delivery) => Assert.Single(await EntriesOfAsync(delivery));

    private async Task<List<PullRequestQueueEntry>> EntriesOfAsync(string delivery)
    {
        var entries = await Db.StreamRangeAsync(RedisKeys.PullRequestsStream);
        return [.. entries
            .Select(e => new WorkItem(e.Id!, e.Values.ToDictionary(v => v.Name.ToString(), v => v.Value.ToString()), 1).ToPullRequestEntry())
            .OfType<PullRequestQueueEntry>()
            .Where(e => e.DeliveryId == delivery)];
    }
}
