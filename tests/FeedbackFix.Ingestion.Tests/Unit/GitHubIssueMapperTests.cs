using System.Text.Json;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Ingestion.Ingest;
using FeedbackFix.Ingestion.Tests.Support;
using FeedbackFix.ServiceDefaults.Validation;

namespace FeedbackFix.Ingestion.Tests.Unit;

public sealed class GitHubIssueMapperTests
{
    private const string Delivery = "72d3162e-cc78-11e3-81ab-4c9367dc0958";
    private static readonly DateTimeOffset Now = FixedTime.Noon;

    private static WebhookMapping Map(string gitHubEvent, string json, FieldErrors? errors = null, string delivery = Delivery)
    {
        using var document = JsonDocument.Parse(json);
        return GitHubIssueMapper.Map(gitHubEvent, delivery, document.RootElement, Now, errors ?? new FieldErrors());
    }

    [Fact]
    public void An_opened_issue_maps_title_body_url_author_and_metadata_keyed_by_the_issue_id()
    {
        var mapping = Map("issues", GitHubPayloads.Issues("opened", 1347, issueId: 1801));
        var feedback = mapping.Feedback;

        Assert.NotNull(feedback);
        Assert.Equal(FeedbackSource.Github, feedback.Source);
        Assert.Equal("1801", feedback.ExternalId);
        Assert.Equal(Delivery, mapping.DeliveryId);
        Assert.False(mapping.ReplacesText);
        Assert.Equal("Dark mode resets after restart", feedback.Title);
        Assert.Equal("Every restart turns dark mode off again.", feedback.Body);
        Assert.Equal("https://github.com/acme/app/issues/1347", feedback.Url);
        Assert.Equal("octocat", feedback.Author);
        Assert.Equal(DateTimeOffset.Parse("2026-11-20T09:30:00Z"), feedback.CreatedAt);
        var metadata = feedback.Metadata!.Value;
        Assert.Equal("acme/app", metadata.GetProperty("repository").GetString());
        Assert.Equal(1347, metadata.GetProperty("number").GetInt64());
        Assert.Equal(["bug", "settings"], metadata.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("opened", metadata.GetProperty("action").GetString());
    }

    [Fact]
    public void An_issue_is_kept_with_control_characters_and_bidirectional_overrides_taken_out_of_its_text()
    {
        var mapping = Map("issues", GitHubPayloads.Issues("opened", 8, title: "hi\\u0000\\u202eevil", body: "line\\u001b[31m red\\nnext"));

        Assert.Equal("hievil", mapping.Feedback?.Title);
        Assert.Equal("line[31m red\nnext", mapping.Feedback?.Body);
    }

    [Fact]
    public void An_issue_whose_title_is_only_control_characters_is_kept_untitled()
    {
        var mapping = Map("issues", GitHubPayloads.Issues("opened", 9, title: "\\u0007\\u202e"));

        Assert.Equal(Domain.Model.NewFeedback.Untitled, mapping.Feedback?.Title);
    }

    [Fact]
    public void A_creation_time_before_the_Unix_epoch_is_taken_as_now()
    {
        var json = GitHubPayloads.Issues("opened", 10).Replace("2026-11-20T09:30:00Z", "0001-01-01T00:00:00Z", StringComparison.Ordinal);

        Assert.Equal(Now, Map("issues", json).Feedback?.CreatedAt);
    }

    [Theory]
    [InlineData("edited")]
    [InlineData("reopened")]
    public void Edited_and_reopened_issues_are_feedback_too(string action)
    {
        var mapping = Map("issues", GitHubPayloads.Issues(action, 7));

        Assert.Equal(action, mapping.Feedback?.Metadata!.Value.GetProperty("action").GetString());
        Assert.Equal(action == "edited", mapping.ReplacesText);
    }

    [Theory]
    [InlineData("opened")]
    [InlineData("edited")]
    [InlineData("reopened")]
    public void An_issue_FeedbackFix_opened_for_a_fix_is_ignored(string action)
    {
        var mapping = Map("issues", GitHubPayloads.Issues(action, 7, title: "CSV export drops the last row",
            body: "Exports are one row short.\\n\\n_Opened by FeedbackFix for cluster `c42`._\\n<!-- feedbackfix:cluster:c42 -->"));

        Assert.Null(mapping.Feedback);
        Assert.Contains("FeedbackFix", mapping.IgnoredReason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_issue_without_an_id_is_invalid_and_names_the_field()
    {
        var errors = new FieldErrors();

        var mapping = Map("issues", GitHubPayloads.Issues("opened", 7).Replace("\"id\": 3000000007,", "", StringComparison.Ordinal), errors);

        Assert.Null(mapping.Feedback);
        Assert.Contains("issue.id", errors.ToProblem().ProblemDetails.Errors.Keys);
    }

    [Theory]
    [InlineData("issues", "closed")]
    [InlineData("issues", "labeled")]
    [InlineData("issues", "deleted")]
    [InlineData("issue_comment", "created")]
    [InlineData("pull_request", "opened")]
    public void Other_events_and_actions_are_ignored_with_a_reason(string gitHubEvent, string action)
    {
        var mapping = Map(gitHubEvent, GitHubPayloads.Issues(action, 7));

        Assert.Null(mapping.Feedback);
        Assert.NotNull(mapping.IgnoredReason);
    }

    [Fact]
    public void An_issue_without_a_title_is_invalid_and_names_the_field()
    {
        var errors = new FieldErrors();

        var mapping = Map("issues", """{"action": "opened", "issue": {"number": 1, "body": "b"}}""", errors);

        Assert.Same(WebhookMapping.Invalid, mapping);
        Assert.Contains("issue.title", errors.ToProblem().ProblemDetails.Errors.Keys);
    }

    [Fact]
    public void An_opened_issue_without_a_delivery_id_is_invalid()
    {
        var errors = new FieldErrors();

        var mapping = Map("issues", GitHubPayloads.Issues("opened", 1), errors, delivery: "");

        Assert.Null(mapping.Feedback);
        Assert.Contains("X-GitHub-Delivery", errors.ToProblem().ProblemDetails.Errors.Keys);
    }

    [Fact]
    public void A_null_body_maps_to_an_empty_body()
    {
        var json = GitHubPayloads.Issues("opened", 1).Replace("\"body\": \"Every restart turns dark mode off again.\"", "\"body\": null", StringComparison.Ordinal);

        Assert.Equal("", Map("issues", json).Feedback?.Body);
    }
}
