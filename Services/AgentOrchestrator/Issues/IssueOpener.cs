using FeedbackFix.AgentOrchestrator.Launchers;
using FeedbackFix.AgentOrchestrator.Launching;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Stores;
using FeedbackFix.GitHub;
using Microsoft.Extensions.Options;
using Octokit;

namespace FeedbackFix.AgentOrchestrator.Issues;

/// <summary>
/// Opens the GitHub issue for a cluster in the job's repository and records its URL on the cluster.
/// Each try first looks for an open issue carrying the cluster's marker: an earlier try may have
/// opened one and lost the answer (a timeout, a crash before the URL was recorded).
/// </summary>
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
            throw new AgentLaunchException($"'{repoUrl}' is not a GitHub repository address (https://github.com/{{owner}}/{{repo}}).", isTransient: false);
        }

        var client = _client ??= GitHubClientFactory.Create(github.Value);
        var items = await ItemsAsync(cluster.Id);
        var issue = new NewIssue(IssueBody.Title(cluster)) { Body = IssueBody.Compose(cluster, items) };
        foreach (var label in options.Value.IssueLabels.Where(label => !string.IsNullOrWhiteSpace(label)))
        {
            issue.Labels.Add(label);
        }

        var marker = IssueBody.Marker(cluster.Id);
        var opened = await calls.RunAsync(
            "open issue",
            async _ => await FindAsync(client, repository, marker) ?? await CreateAsync(client, repository, issue),
            cancellationToken);
        LogOpened(cluster.Id, opened.HtmlUrl);

        // Recorded at once: a job delivered again finds the URL and opens no second issue.
        await clusters.ChangeAsync(cluster.Id, new ClusterChanges(IssueUrl: opened.HtmlUrl), static (from, to) => from == to);
        return opened.HtmlUrl;
    }

    private static Task<Issue> CreateAsync(IGitHubClient client, GitHubRepository repository, NewIssue issue) =>
        OrchestratorTelemetry.TracedAsync(() => OrchestratorTelemetry.StartGitHubCall("create issue", repository),
            () => client.Issue.Create(repository.Owner, repository.Name, issue));

    /// <summary>The newest open issue with the marker, among the latest hundred open ones with our first label.</summary>
    private Task<Issue?> FindAsync(IGitHubClient client, GitHubRepository repository, string marker) =>
        OrchestratorTelemetry.TracedAsync(() => OrchestratorTelemetry.StartGitHubCall("find issue", repository),
            () => FindUntracedAsync(client, repository, marker));

    private async Task<Issue?> FindUntracedAsync(IGitHubClient client, GitHubRepository repository, string marker)
    {
        var request = new RepositoryIssueRequest { State = ItemStateFilter.Open, SortProperty = IssueSort.Created, SortDirection = SortDirection.Descending };
        if (options.Value.IssueLabels.FirstOrDefault(label => !string.IsNullOrWhiteSpace(label)) is { } label)
        {
            request.Labels.Add(label);
        }
        var open = await client.Issue.GetAllForRepository(repository.Owner, repository.Name, request, new ApiOptions { PageSize = 100, PageCount = 1 });
        return open.FirstOrDefault(found => found.PullRequest is null && found.Body?.Contains(marker, StringComparison.Ordinal) == true);
    }

    private async Task<IReadOnlyList<FeedbackItem>> ItemsAsync(string clusterId) =>
        (await clusters.GetItemsAsync(clusterId, after: null, IssueBody.MaxLinkedItems)).Items;

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened GitHub issue {IssueUrl} for cluster {ClusterId}")]
    private partial void LogOpened(string clusterId, string issueUrl);
}
