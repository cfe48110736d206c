using FeedbackFix.GitHub;
using Octokit;

namespace FeedbackFix.CodingAgent.Pulls;

/// <summary>
/// Opens the pull request for the job's branch, or finds the one already open for it (a retried
/// job, or a run that pushed and then lost its report), so a branch never gets two.
/// </summary>
internal sealed class PullRequestOpener(IGitHubClient github, GitHubCalls calls)
{
    public async Task<OpenedPullRequest> OpenAsync(GitHubRepository repository, string head, string baseBranch, string title, string body, CancellationToken cancellationToken)
    {
        if (await FindAsync(repository, head, cancellationToken) is { } existing)
        {
            return new OpenedPullRequest(existing.Number, existing.HtmlUrl, Reused: true);
        }

        try
        {
            var created = await calls.RunAsync(
                $"open a pull request in {repository}",
                _ => github.PullRequest.Create(repository.Owner, repository.Name, new NewPullRequest(title, head, baseBranch) { Body = body }),
                cancellationToken);
            return new OpenedPullRequest(created.Number, created.HtmlUrl, Reused: false);
        }
        catch (GitHubFailure e) when (e.Kind == GitHubFailureKind.Invalid)
        {
            // "A pull request already exists" when one was opened between the look and the create.
            if (await FindAsync(repository, head, cancellationToken) is { } raced)
            {
                return new OpenedPullRequest(raced.Number, raced.HtmlUrl, Reused: true);
            }
            throw;
        }
    }

    /// <summary>The pull request open for the job's branch, if any (one an earlier attempt opened counts).</summary>
    public async Task<OpenedPullRequest?> FindOpenAsync(GitHubRepository repository, string head, CancellationToken cancellationToken) =>
        await FindAsync(repository, head, cancellationToken) is { } open ? new OpenedPullRequest(open.Number, open.HtmlUrl, Reused: true) : null;

    private async Task<PullRequest?> FindAsync(GitHubRepository repository, string head, CancellationToken cancellationToken)
    {
        var open = await calls.RunAsync(
            $"list the pull requests of {repository}",
            _ => github.PullRequest.GetAllForRepository(
                repository.Owner,
                repository.Name,
                new PullRequestRequest { State = ItemStateFilter.Open, Head = $"{repository.Owner}:{head}" },
                new ApiOptions { PageSize = 100, PageCount = 1 }),
            cancellationToken);
        // Filtered again here: the head filter is GitHub's, and only an exact branch of this repository is ours.
        return open.FirstOrDefault(pull => pull.Head?.Ref == head
            && (pull.Head.Repository?.FullName is not { } fullName || string.Equals(fullName, repository.ToString(), StringComparison.OrdinalIgnoreCase)));
    }
}
