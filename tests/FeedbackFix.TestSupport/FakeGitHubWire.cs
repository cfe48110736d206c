using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace FeedbackFix.TestSupport;

/// <summary>
/// The JSON shapes GitHub's REST API answers with (snake_case, ISO-8601 "Z" timestamps), trimmed to
/// the fields Octokit and our code read. Octokit's parser accepts only a few date formats, so
/// timestamps are written as GitHub writes them rather than by the serializer.
/// </summary>
internal static class FakeGitHubWire
{
    public const string Web = "https://github.com";
    public const string BotLogin = "feedbackfix-bot";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static IResult Send(object payload, int status = StatusCodes.Status200OK) =>
        Results.Json(payload, Json, "application/json; charset=utf-8", status);

    public static IResult Error(int status, string message, string documentation = "https://docs.github.com/rest", object[]? errors = null) =>
        Send(errors is null
            ? new { Message = message, DocumentationUrl = documentation, Status = status.ToString(CultureInfo.InvariantCulture) }
            : new { Message = message, Errors = errors, DocumentationUrl = documentation, Status = status.ToString(CultureInfo.InvariantCulture) },
            status);

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Sha(string text) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)));

    public static object User(string apiUrl, string login) => new
    {
        Login = login,
        Id = StableId(login),
        NodeId = "U_" + Sha(login)[..12],
        AvatarUrl = $"https://avatars.githubusercontent.com/u/{StableId(login)}",
        Url = $"{apiUrl}users/{login}",
        HtmlUrl = $"{Web}/{login}",
        Type = "User",
        SiteAdmin = false,
    };

    public static object Repository(string apiUrl, string owner, string name, string defaultBranch) => new
    {
        Id = StableId($"{owner}/{name}"),
        NodeId = "R_" + Sha($"{owner}/{name}")[..12],
        Name = name,
        FullName = $"{owner}/{name}",
        Owner = User(apiUrl, owner),
        Private = false,
        HtmlUrl = $"{Web}/{owner}/{name}",
        Description = (string?)null,
        Fork = false,
        Url = $"{apiUrl}repos/{owner}/{name}",
        CloneUrl = $"{Web}/{owner}/{name}.git",
        GitUrl = $"git://github.com/{owner}/{name}.git",
        SshUrl = $"git@github.com:{owner}/{name}.git",
        DefaultBranch = defaultBranch,
        Visibility = "public",
        HasIssues = true,
        Archived = false,
        Disabled = false,
        OpenIssuesCount = 0,
        CreatedAt = "2024-01-01T00:00:00Z",
        UpdatedAt = "2024-01-01T00:00:00Z",
        PushedAt = "2024-01-01T00:00:00Z",
        Permissions = new { Admin = false, Maintain = false, Push = true, Triage = true, Pull = true },
    };

    public static object Issue(string apiUrl, FakeGitHubIssue issue, FakeGitHubPullRequest? pull, int comments)
    {
        var url = $"{apiUrl}repos/{issue.Owner}/{issue.Repo}/issues/{issue.Number}";
        return new
        {
            Id = issue.Id,
            NodeId = "I_" + Sha(url)[..12],
            Url = url,
            RepositoryUrl = $"{apiUrl}repos/{issue.Owner}/{issue.Repo}",
            LabelsUrl = url + "/labels{/name}",
            CommentsUrl = url + "/comments",
            EventsUrl = url + "/events",
            HtmlUrl = issue.HtmlUrl,
            Number = issue.Number,
            State = issue.State,
            StateReason = (string?)null,
            Title = issue.Title,
            Body = issue.Body,
            User = User(apiUrl, BotLogin),
            Labels = issue.Labels.Select(label => Label(apiUrl, issue.Owner, issue.Repo, label)).ToArray(),
            Assignee = (object?)null,
            Assignees = Array.Empty<object>(),
            Milestone = (object?)null,
            Locked = false,
            Comments = comments,
            PullRequest = pull is null ? null : new
            {
                Url = $"{apiUrl}repos/{pull.Owner}/{pull.Repo}/pulls/{pull.Number}",
                HtmlUrl = pull.HtmlUrl,
                DiffUrl = pull.HtmlUrl + ".diff",
                PatchUrl = pull.HtmlUrl + ".patch",
            },
            ClosedAt = (string?)null,
            CreatedAt = Time(issue.CreatedAt),
            UpdatedAt = Time(issue.CreatedAt),
            AuthorAssociation = "CONTRIBUTOR",
        };
    }

    public static object PullRequest(string apiUrl, FakeGitHubPullRequest pull, string defaultBranch)
    {
        var url = $"{apiUrl}repos/{pull.Owner}/{pull.Repo}/pulls/{pull.Number}";
        var headOwner = pull.Head.Split(':')[0];
        return new
        {
            Id = pull.Id,
            NodeId = "PR_" + Sha(url)[..12],
            Url = url,
            HtmlUrl = pull.HtmlUrl,
            DiffUrl = pull.HtmlUrl + ".diff",
            PatchUrl = pull.HtmlUrl + ".patch",
            IssueUrl = $"{apiUrl}repos/{pull.Owner}/{pull.Repo}/issues/{pull.Number}",
            CommitsUrl = url + "/commits",
            CommentsUrl = $"{apiUrl}repos/{pull.Owner}/{pull.Repo}/issues/{pull.Number}/comments",
            Number = pull.Number,
            State = pull.State,
            Locked = false,
            Title = pull.Title,
            Body = pull.Body,
            User = User(apiUrl, BotLogin),
            Labels = Array.Empty<object>(),
            Draft = pull.Draft,
            Merged = false,
            Mergeable = (bool?)null,
            MergeableState = "unknown",
            MergedAt = (string?)null,
            ClosedAt = (string?)null,
            CreatedAt = Time(pull.CreatedAt),
            UpdatedAt = Time(pull.CreatedAt),
            Head = Ref(apiUrl, headOwner, pull.Repo, pull.HeadRef, defaultBranch),
            Base = Ref(apiUrl, pull.Owner, pull.Repo, pull.Base, defaultBranch),
            AuthorAssociation = "CONTRIBUTOR",
            Comments = 0,
            Commits = 1,
            Additions = 0,
            Deletions = 0,
            ChangedFiles = 0,
            MaintainerCanModify = false,
        };
    }

    private static object Ref(string apiUrl, string owner, string repo, string branch, string defaultBranch) => new
    {
        Label = $"{owner}:{branch}",
        Ref = branch,
        Sha = Sha($"{owner}/{repo}:{branch}"),
        User = User(apiUrl, owner),
        Repo = Repository(apiUrl, owner, repo, defaultBranch),
    };

    public static object Comment(string apiUrl, FakeGitHubComment comment) => new
    {
        Id = comment.Id,
        NodeId = "IC_" + Sha(comment.HtmlUrl)[..12],
        Url = $"{apiUrl}repos/{comment.Owner}/{comment.Repo}/issues/comments/{comment.Id}",
        HtmlUrl = comment.HtmlUrl,
        IssueUrl = $"{apiUrl}repos/{comment.Owner}/{comment.Repo}/issues/{comment.IssueNumber}",
        Body = comment.Body,
        User = User(apiUrl, BotLogin),
        CreatedAt = Time(comment.CreatedAt),
        UpdatedAt = Time(comment.CreatedAt),
        AuthorAssociation = "CONTRIBUTOR",
    };

    private static object Label(string apiUrl, string owner, string repo, string name) => new
    {
        Id = StableId($"{owner}/{repo}#{name}"),
        NodeId = "LA_" + Sha(name)[..12],
        Url = $"{apiUrl}repos/{owner}/{repo}/labels/{Uri.EscapeDataString(name)}",
        Name = name,
        Color = "ededed",
        Default = false,
        Description = (string?)null,
    };

    // Ids that stay the same for the same name across runs, in the positive int range Octokit reads.
    private static long StableId(string text) => BitConverter.ToUInt32(SHA1.HashData(Encoding.UTF8.GetBytes(text))) % 100_000_000 + 1;
}
