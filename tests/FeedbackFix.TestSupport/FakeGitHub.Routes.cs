using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FeedbackFix.TestSupport;

// The routes: GitHub's REST resources as Octokit calls them (see the list on FakeGitHub).
public sealed partial class FakeGitHub
{
    private void MapRoutes(WebApplication app)
    {
        var api = app.MapGroup(ApiPrefix + "/repos/{owner}/{repo}");
        api.MapGet("", GetRepository);
        api.MapPost("/issues", CreateIssue);
        api.MapGet("/issues", ListIssues);
        api.MapGet("/issues/{number:int}", GetIssue);
        api.MapGet("/issues/{number:int}/comments", ListComments);
        api.MapPost("/issues/{number:int}/comments", CreateComment);
        api.MapPost("/pulls", CreatePullRequest);
        api.MapGet("/pulls", ListPullRequests);
        api.MapGet("/pulls/{number:int}", GetPullRequest);
        app.MapFallback(() => FakeGitHubWire.Error(StatusCodes.Status404NotFound, "Not Found"));
    }

    private IResult GetRepository(string owner, string repo) =>
        FindRepository(owner, repo) is { } found
            ? FakeGitHubWire.Send(FakeGitHubWire.Repository(ApiUrl, found.Owner, found.Name, found.DefaultBranch))
            : NotFound();

    private async Task<IResult> CreateIssue(string owner, string repo, HttpRequest request)
    {
        if (FindRepository(owner, repo) is not { } found)
        {
            return NotFound();
        }

        var body = await ReadJson(request);
        if (body is null)
        {
            return ProblemsParsingJson();
        }

        if (String(body.Value, "title") is not { Length: > 0 } title)
        {
            return MissingField("Issue", "title");
        }

        if (TooLong("Issue", title, String(body.Value, "body")) is { } tooLong)
        {
            return tooLong;
        }

        var labels = body.Value.TryGetProperty("labels", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray()
                .Select(label => label.ValueKind == JsonValueKind.String ? label.GetString() : String(label, "name"))
                .OfType<string>()
                .ToList()
            : [];

        FakeGitHubIssue issue;
        lock (_gate)
        {
            var number = NextNumber(found.Owner, found.Name);
            issue = new FakeGitHubIssue(found.Owner, found.Name, number, ++_lastId, title, String(body.Value, "body"), labels,
                $"{FakeGitHubWire.Web}/{found.Owner}/{found.Name}/issues/{number}", DateTimeOffset.UtcNow);
            _issues.Add(issue);
        }

        return FakeGitHubWire.Send(FakeGitHubWire.Issue(ApiUrl, issue, null, 0), StatusCodes.Status201Created);
    }

    /// <summary>Issues newest first, filtered by state and (all of) a comma-separated list of labels.</summary>
    private IResult ListIssues(string owner, string repo, string? state, string? labels)
    {
        if (FindRepository(owner, repo) is not { } found)
        {
            return NotFound();
        }

        state ??= "open";
        var wanted = (labels ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lock (_gate)
        {
            return FakeGitHubWire.Send(_issues
                .Where(issue => Same(issue.Owner, found.Owner) && Same(issue.Repo, found.Name))
                .Where(issue => state == "all" || issue.State == state)
                .Where(issue => wanted.All(label => issue.Labels.Contains(label, StringComparer.OrdinalIgnoreCase)))
                .OrderByDescending(issue => issue.Number)
                .Select(issue => FakeGitHubWire.Issue(ApiUrl, issue, null, CountComments(issue.Owner, issue.Repo, issue.Number)))
                .ToArray());
        }
    }

    // Like GitHub, a pull request is also an issue: the issues endpoint answers for its number.
    private IResult GetIssue(string owner, string repo, int number)
    {
        lock (_gate)
        {
            if (FindIssue(owner, repo, number) is { } issue)
            {
                return FakeGitHubWire.Send(FakeGitHubWire.Issue(ApiUrl, issue, null, CountComments(issue.Owner, issue.Repo, number)));
            }

            if (FindPull(owner, repo, number) is { } pull)
            {
                var asIssue = new FakeGitHubIssue(pull.Owner, pull.Repo, pull.Number, pull.Id, pull.Title, pull.Body, [], pull.HtmlUrl, pull.CreatedAt, pull.State);
                return FakeGitHubWire.Send(FakeGitHubWire.Issue(ApiUrl, asIssue, pull, CountComments(pull.Owner, pull.Repo, number)));
            }
        }

        return NotFound();
    }

    private IResult ListComments(string owner, string repo, int number)
    {
        lock (_gate)
        {
            if (FindIssue(owner, repo, number) is null && FindPull(owner, repo, number) is null)
            {
                return NotFound();
            }

            return FakeGitHubWire.Send(_comments
                .Where(comment => Same(comment.Owner, owner) && Same(comment.Repo, repo) && comment.IssueNumber == number)
                .Select(comment => FakeGitHubWire.Comment(ApiUrl, comment))
                .ToArray());
        }
    }

    private async Task<IResult> CreateComment(string owner, string repo, int number, HttpRequest request)
    {
        var body = await ReadJson(request);
        if (body is null)
        {
            return ProblemsParsingJson();
        }

        if (String(body.Value, "body") is not { Length: > 0 } text)
        {
            return MissingField("IssueComment", "body");
        }

        FakeGitHubComment comment;
        lock (_gate)
        {
            string targetOwner, targetRepo;
            if (FindIssue(owner, repo, number) is { } issue)
            {
                (targetOwner, targetRepo) = (issue.Owner, issue.Repo);
            }
            else if (FindPull(owner, repo, number) is { } pull)
            {
                (targetOwner, targetRepo) = (pull.Owner, pull.Repo);
            }
            else
            {
                return NotFound();
            }

            var id = ++_lastId;
            comment = new FakeGitHubComment(targetOwner, targetRepo, number, id, text,
                $"{FakeGitHubWire.Web}/{targetOwner}/{targetRepo}/issues/{number}#issuecomment-{id}", DateTimeOffset.UtcNow);
            _comments.Add(comment);
        }

        return FakeGitHubWire.Send(FakeGitHubWire.Comment(ApiUrl, comment), StatusCodes.Status201Created);
    }

    private async Task<IResult> CreatePullRequest(string owner, string repo, HttpRequest request)
    {
        if (FindRepository(owner, repo) is not { } found)
        {
            return NotFound();
        }

        var body = await ReadJson(request);
        if (body is null)
        {
            return ProblemsParsingJson();
        }

        foreach (var field in new[] { "title", "head", "base" })
        {
            if (String(body.Value, field) is not { Length: > 0 })
            {
                return MissingField("PullRequest", field);
            }
        }

        if (TooLong("PullRequest", String(body.Value, "title")!, String(body.Value, "body")) is { } tooLong)
        {
            return tooLong;
        }

        var head = String(body.Value, "head")!;
        var label = head.Contains(':', StringComparison.Ordinal) ? head : $"{found.Owner}:{head}";
        var baseRef = String(body.Value, "base")!;
        var draft = body.Value.TryGetProperty("draft", out var draftValue) && draftValue.ValueKind == JsonValueKind.True;

        FakeGitHubPullRequest pull;
        lock (_gate)
        {
            if (_pulls.Any(open => Same(open.Owner, found.Owner) && Same(open.Repo, found.Name) && open.State == "open" && Same(open.Head, label)))
            {
                return FakeGitHubWire.Error(
                    StatusCodes.Status422UnprocessableEntity,
                    "Validation Failed",
                    "https://docs.github.com/rest/pulls/pulls#create-a-pull-request",
                    [new { Resource = "PullRequest", Code = "custom", Message = $"A pull request already exists for {label}." }]);
            }

            var number = NextNumber(found.Owner, found.Name);
            pull = new FakeGitHubPullRequest(found.Owner, found.Name, number, ++_lastId, String(body.Value, "title")!, String(body.Value, "body"),
                label, label[(label.IndexOf(':', StringComparison.Ordinal) + 1)..], baseRef, draft,
                $"{FakeGitHubWire.Web}/{found.Owner}/{found.Name}/pull/{number}", DateTimeOffset.UtcNow);
            _pulls.Add(pull);
        }

        return FakeGitHubWire.Send(FakeGitHubWire.PullRequest(ApiUrl, pull, found.DefaultBranch), StatusCodes.Status201Created);
    }

    private IResult ListPullRequests(string owner, string repo, string? head, string? state, string? @base)
    {
        if (FindRepository(owner, repo) is not { } found)
        {
            return NotFound();
        }

        state ??= "open";
        lock (_gate)
        {
            return FakeGitHubWire.Send(_pulls
                .Where(pull => Same(pull.Owner, found.Owner) && Same(pull.Repo, found.Name))
                .Where(pull => state == "all" || pull.State == state)
                .Where(pull => head is null || Same(pull.Head, head))
                .Where(pull => @base is null || pull.Base == @base)
                .OrderByDescending(pull => pull.Number)
                .Select(pull => FakeGitHubWire.PullRequest(ApiUrl, pull, found.DefaultBranch))
                .ToArray());
        }
    }

    private IResult GetPullRequest(string owner, string repo, int number)
    {
        if (FindRepository(owner, repo) is not { } found)
        {
            return NotFound();
        }

        lock (_gate)
        {
            return FindPull(owner, repo, number) is { } pull
                ? FakeGitHubWire.Send(FakeGitHubWire.PullRequest(ApiUrl, pull, found.DefaultBranch))
                : NotFound();
        }
    }

    private (string Owner, string Name, string DefaultBranch)? FindRepository(string owner, string repo)
    {
        lock (_gate)
        {
            if (_repositories.TryGetValue($"{owner}/{repo}", out var known))
            {
                return known;
            }

            return AnyRepositoryExists ? (owner, repo, "main") : null;
        }
    }

    // Issues and pull requests share one number sequence per repository, as on GitHub.
    private int NextNumber(string owner, string repo)
    {
        var key = $"{owner}/{repo}";
        var number = _lastNumber.GetValueOrDefault(key) + 1;
        _lastNumber[key] = number;
        return number;
    }

    private FakeGitHubIssue? FindIssue(string owner, string repo, int number) =>
        _issues.Find(issue => Same(issue.Owner, owner) && Same(issue.Repo, repo) && issue.Number == number);

    private FakeGitHubPullRequest? FindPull(string owner, string repo, int number) =>
        _pulls.Find(pull => Same(pull.Owner, owner) && Same(pull.Repo, repo) && pull.Number == number);

    private int CountComments(string owner, string repo, int number) =>
        _comments.Count(comment => Same(comment.Owner, owner) && Same(comment.Repo, repo) && comment.IssueNumber == number);

    private IReadOnlyList<T> Snapshot<T>(List<T> items)
    {
        lock (_gate)
        {
            return items.ToArray();
        }
    }

    private static async Task<JsonElement?> ReadJson(HttpRequest request)
    {
        // Octokit's content type varies by call; GitHub reads the body as JSON regardless.
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IResult NotFound() =>
        FakeGitHubWire.Error(StatusCodes.Status404NotFound, "Not Found", "https://docs.github.com/rest");

    private static IResult ProblemsParsingJson() =>
        FakeGitHubWire.Error(StatusCodes.Status400BadRequest, "Problems parsing JSON");

    // GitHub's own limits, written here apart from the code under test so a wrong limit there is caught,
    // counted as GitHub counts them: in characters (code points), not UTF-16 code units.
    private static IResult? TooLong(string resource, string title, string? body)
    {
        foreach (var (field, text, maximum) in new[] { ("title", title, MaxTitleCharacters), ("body", body ?? "", MaxBodyCharacters) })
        {
            if (text.EnumerateRunes().Count() > maximum)
            {
                return FakeGitHubWire.Error(StatusCodes.Status422UnprocessableEntity, "Validation Failed", "https://docs.github.com/rest",
                    [new { Resource = resource, Code = "custom", Field = field, Message = $"{field} is too long (maximum is {maximum} characters)" }]);
            }
        }
        return null;
    }

    private static IResult MissingField(string resource, string field) =>
        FakeGitHubWire.Error(StatusCodes.Status422UnprocessableEntity, "Validation Failed", "https://docs.github.com/rest",
            [new { Resource = resource, Code = "missing_field", Field = field }]);
}
