using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;
using FeedbackFix.GitHub;
using Microsoft.Extensions.Options;
using Octokit;

namespace FeedbackFix.AgentOrchestrator.Issues;

/// <summary>Opens the GitHub issue for a cluster in the job's repository and records its URL on the cluster.</summary>
public sealed partial class IssueOpener(
    ClusterStore clusters,
    GitHubCalls calls,
    IOptions<GitHubOptions> github,
    IOptions<OrchestratorOptions> options,
    ILogger<IssueOpener> logger)
{
    private IGitHubClient? _client;

    /// <summary>Throws <see cref="GitHubFailure"/> when GitHub says no (or no token is configured).</summary>
    public async Task<string> OpenAsync(IssueCluster cluster, string repoUrl, CancellationToken cancellationToken)
    {
        if (!GitHubRepository.TryParse(repoUrl, out var repository))
        {
            throw new ArgumentException($"'{repoUrl}' is not a GitHub repository address.", nameof(repoUrl));
        }

        var client = _client ??= GitHubClientFactory.Create(github.Value);
        var items = await ItemsAsync(cluster.Id);
        var issue = new NewIssue(IssueBody.Title(cluster)) { Body = IssueBody.Compose(cluster, items) };
        foreach (var label in options.Value.IssueLabels.Where(label => !string.IsNullOrWhiteSpace(label)))
        {
            issue.Labels.Add(label);
        }

        var created = await calls.RunAsync(
            "create issue", _ => client.Issue.Create(repository.Owner, repository.Name, issue), cancellationToken);
        LogOpened(cluster.Id, created.HtmlUrl);

        // Recorded at once: a job delivered again finds the URL and opens no second issue.
        await clusters.ChangeAsync(cluster.Id, new ClusterChanges(IssueUrl: created.HtmlUrl), static (from, to) => from == to);
        return created.HtmlUrl;
    }

    private async Task<IReadOnlyList<FeedbackItem>> ItemsAsync(string clusterId) =>
        (await clusters.GetItemsAsync(clusterId, after: null, IssueBody.MaxLinkedItems)).Items;

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened GitHub issue {IssueUrl} for cluster {ClusterId}")]
    private partial void LogOpened(string clusterId, string issueUrl);
}
