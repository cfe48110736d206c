namespace FeedbackFix.Ingestion.Tests.Support;

/// <summary>GitHub webhook payloads in the documented shapes (docs.github.com, Webhook events and payloads), trimmed.</summary>
public static class GitHubPayloads
{
    /// <summary>An <c>issues</c> delivery; the issue's id is <paramref name="issueId"/>, else its number plus a constant, so tests that use their own number use their own issue.</summary>
    public static string Issues(
        string action, long number, string title = "Dark mode resets after restart", string body = "Every restart turns dark mode off again.", long? issueId = null,
        string updatedAt = "2026-11-21T10:00:00Z") => $$"""
        {
          "action": "{{action}}",
          "issue": {
            "url": "https://api.github.com/repos/acme/app/issues/{{number}}",
            "html_url": "https://github.com/acme/app/issues/{{number}}",
            "id": {{issueId ?? number + 3_000_000_000}},
            "number": {{number}},
            "title": "{{title}}",
            "user": { "login": "octocat", "id": 1, "type": "User" },
            "labels": [ { "id": 208045946, "name": "bug", "color": "f29513" }, { "id": 208045947, "name": "settings", "color": "a2eeef" } ],
            "state": "open",
            "locked": false,
            "comments": 0,
            "created_at": "2026-11-20T09:30:00Z",
            "updated_at": "{{updatedAt}}",
            "body": "{{body}}"
          },
          "repository": { "id": 1296269, "name": "app", "full_name": "acme/app", "private": false },
          "sender": { "login": "octocat", "id": 1, "type": "User" }
        }
        """;

    public static string Ping(long hookId) => $$"""
        {
          "zen": "Design for failure.",
          "hook_id": {{hookId}},
          "hook": { "type": "Repository", "id": {{hookId}}, "events": ["issues"], "active": true, "config": { "content_type": "json", "insecure_ssl": "0" } },
          "repository": { "id": 1296269, "full_name": "acme/app" },
          "sender": { "login": "octocat", "id": 1 }
        }
        """;

    public static string Push() => """
        { "ref": "refs/heads/main", "before": "6113728f27ae82c7b1a177c8d03f9e96e0adf246", "after": "0000000000000000000000000000000000000000",
          "repository": { "id": 1296269, "full_name": "acme/app" }, "pusher": { "name": "octocat" }, "commits": [] }
        """;

    /// <summary>A <c>pull_request</c> delivery as GitHub sends it, trimmed to the fields around the ones read.</summary>
    public static string PullRequest(string action, long number, bool merged = false, string repository = "acme/app") => $$"""
        { "action": "{{action}}", "number": {{number}},
          "pull_request": { "id": {{number + 5_000_000_000}}, "number": {{number}}, "state": "{{(action == "closed" ? "closed" : "open")}}",
            "html_url": "https://github.com/{{repository}}/pull/{{number}}", "title": "Fix dark mode", "merged": {{(merged ? "true" : "false")}},
            "updated_at": "2026-11-21T10:00:00Z", "head": { "ref": "feedbackfix/job-1" } },
          "repository": { "id": 1296269, "full_name": "{{repository}}" }, "sender": { "login": "octocat" } }
        """;

    public static string Delivery() => Guid.NewGuid().ToString();

    public static long Number() => Random.Shared.NextInt64(1, 1_000_000_000);
}
