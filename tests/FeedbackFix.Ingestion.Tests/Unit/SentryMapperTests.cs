using System.Text.Json;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using FeedbackFix.Ingestion.Ingest;
using FeedbackFix.Ingestion.Tests.Support;
using FeedbackFix.ServiceDefaults.Validation;

namespace FeedbackFix.Ingestion.Tests.Unit;

public sealed class SentryMapperTests
{
    private static readonly DateTimeOffset Now = FixedTime.Noon;

    private static WebhookMapping Map(string resource, string json, FieldErrors? errors = null)
    {
        using var document = JsonDocument.Parse(json);
        return SentryMapper.Map(resource, document.RootElement, Now, errors ?? new FieldErrors());
    }

    [Fact]
    public void An_issue_created_maps_title_culprit_url_counts_and_seen_times_keyed_by_issue_id()
    {
        var feedback = Map("issue", SentryPayloads.IssueCreated("1170820242")).Feedback;

        Assert.NotNull(feedback);
        Assert.Equal(FeedbackSource.Sentry, feedback.Source);
        Assert.Equal("1170820242", feedback.ExternalId);
        Assert.Equal("ReferenceError: blooopy is not defined", feedback.Title);
        Assert.Equal("https://sentry.io/organizations/test-org/issues/1170820242/", feedback.Url);
        Assert.Equal(DateTimeOffset.Parse("2019-08-19T20:58:37.391Z"), feedback.CreatedAt);
        Assert.Contains("Culprit: ?(runner)", feedback.Body, StringComparison.Ordinal);
        Assert.Contains("Events: 12", feedback.Body, StringComparison.Ordinal);
        Assert.Contains("Users: 3", feedback.Body, StringComparison.Ordinal);
        var metadata = feedback.Metadata!.Value;
        Assert.Equal(12, metadata.GetProperty("count").GetInt64());   // sent as the string "12"
        Assert.Equal(3, metadata.GetProperty("user_count").GetInt64());
        Assert.Equal("?(runner)", metadata.GetProperty("culprit").GetString());
        Assert.Equal("error", metadata.GetProperty("level").GetString());
        Assert.Equal("front-end", metadata.GetProperty("project").GetString());
        Assert.Equal("FRONT-END-9", metadata.GetProperty("short_id").GetString());
        Assert.Equal(DateTimeOffset.Parse("2019-08-19T20:58:37.391Z"), metadata.GetProperty("first_seen").GetDateTimeOffset());
        Assert.Equal(DateTimeOffset.Parse("2019-08-20T08:15:00Z"), metadata.GetProperty("last_seen").GetDateTimeOffset());
    }

    [Fact]
    public void An_event_alert_is_keyed_by_its_issue_id_with_the_event_web_url_and_rule()
    {
        var feedback = Map("event_alert", SentryPayloads.EventAlertTriggered("1117540176", "e4874d664c3540c1a32eab185f12c5ab")).Feedback;

        Assert.NotNull(feedback);
        Assert.Equal("1117540176", feedback.ExternalId);
        Assert.Equal("ReferenceError: heck is not defined", feedback.Title);
        Assert.Equal("https://sentry.io/organizations/test-org/issues/1117540176/events/e4874d664c3540c1a32eab185f12c5ab/", feedback.Url);
        Assert.Equal(DateTimeOffset.Parse("2019-08-19T21:06:17.677Z"), feedback.CreatedAt);
        var metadata = feedback.Metadata!.Value;
        Assert.Equal("e4874d664c3540c1a32eab185f12c5ab", metadata.GetProperty("event_id").GetString());
        Assert.Equal("Very Important Alert Rule!", metadata.GetProperty("triggered_rule").GetString());
        Assert.Equal("front-end", metadata.GetProperty("project").GetString());   // the number 1 in "project"; the slug from the event's url
    }

    [Fact]
    public void An_event_alert_keeps_the_top_in_app_frames_release_environment_and_tags_in_metadata_and_body()
    {
        var feedback = Map("event_alert", SentryPayloads.EventAlertTriggered("1117540176", "e4874d664c3540c1a32eab185f12c5ab")).Feedback!;

        var metadata = feedback.Metadata!.Value;
        Assert.Equal("frontend@2.3.1", metadata.GetProperty("release").GetString());
        Assert.Equal("production", metadata.GetProperty("environment").GetString());
        Assert.Equal("Chrome 75.0.3770", metadata.GetProperty("tags").GetProperty("browser").GetString());
        var frames = metadata.GetProperty("frames").EnumerateArray().ToList();
        Assert.Equal(["persist", "onSave"], frames.Select(f => f.GetProperty("function").GetString()));   // in-app only, innermost first
        Assert.Equal("/store.js", frames[0].GetProperty("filename").GetString());
        Assert.Equal(17, frames[0].GetProperty("lineno").GetInt64());
        Assert.Contains("Project: front-end", feedback.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Project: 1", feedback.Body, StringComparison.Ordinal);
        Assert.Contains("Release: frontend@2.3.1", feedback.Body, StringComparison.Ordinal);
        Assert.Contains("Environment: production", feedback.Body, StringComparison.Ordinal);
        Assert.Contains("browser=Chrome 75.0.3770", feedback.Body, StringComparison.Ordinal);
        Assert.Contains("  at persist (/store.js:17)\n  at onSave (/main.js:41)", feedback.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("dispatch", feedback.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_project_slug_field_wins_over_the_numeric_project()
    {
        var json = SentryPayloads.EventAlertTriggered("1117540176", "e4874d664c3540c1a32eab185f12c5ab")
            .Replace("\"project\": 1,", "\"project\": 1, \"project_slug\": \"checkout-web\",", StringComparison.Ordinal);

        var metadata = Map("event_alert", json).Feedback!.Metadata!.Value;

        Assert.Equal("checkout-web", metadata.GetProperty("project").GetString());
    }

    [Fact]
    public void Times_in_the_body_are_iso_8601_utc_with_z()
    {
        var alert = Map("event_alert", SentryPayloads.EventAlertTriggered("1117540176", "e4874d664c3540c1a32eab185f12c5ab")).Feedback!;
        var issue = Map("issue", SentryPayloads.IssueCreated("1170820242")).Feedback!;

        Assert.Contains("Last seen: 2019-08-19T21:06:17.677Z", alert.Body, StringComparison.Ordinal);
        Assert.Contains("First seen: 2019-08-19T20:58:37.391Z", issue.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("+00:00", alert.Body + issue.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_is_read_from_data_error_and_keyed_by_its_issue_id()
    {
        var feedback = Map("error", SentryPayloads.ErrorCreated("1170820242", "bb78c1407cea4519aa397afc059c793d")).Feedback;

        Assert.NotNull(feedback);
        Assert.Equal("1170820242", feedback.ExternalId);
        Assert.Equal("ReferenceError: blooopy is not defined", feedback.Title);
        Assert.Equal("warning", feedback.Metadata!.Value.GetProperty("level").GetString());
    }

    [Fact]
    public void An_error_without_an_issue_id_falls_back_to_its_event_id()
    {
        var feedback = Map("error", SentryPayloads.ErrorCreated(null, "bb78c1407cea4519aa397afc059c793d")).Feedback;

        Assert.Equal("event:bb78c1407cea4519aa397afc059c793d", feedback?.ExternalId);
    }

    [Theory]
    [InlineData("issue", "resolved")]
    [InlineData("issue", "assigned")]
    [InlineData("comment", "created")]
    [InlineData("installation", "created")]
    [InlineData("metric_alert", "critical")]
    public void Other_resources_and_actions_are_ignored_with_a_reason(string resource, string action)
    {
        var mapping = Map(resource, SentryPayloads.IssueCreated("1", action));

        Assert.Null(mapping.Feedback);
        Assert.Contains(resource, mapping.IgnoredReason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_issue_without_an_id_is_invalid_and_names_the_field()
    {
        var errors = new FieldErrors();

        var mapping = Map("issue", """{"action": "created", "data": {"issue": {"title": "No id"}}}""", errors);

        Assert.Same(WebhookMapping.Invalid, mapping);
        var problem = errors.ToProblem();
        Assert.Contains("data.issue.id", problem.ProblemDetails.Errors.Keys);
    }

    [Fact]
    public void A_long_title_is_cut_not_refused()
    {
        var json = SentryPayloads.IssueCreated("42").Replace("\"title\": \"ReferenceError: blooopy is not defined\"",
            $"\"title\": \"{new string('x', FeedbackLimits.TitleMaxLength + 50)}\"", StringComparison.Ordinal);

        var feedback = Map("issue", json).Feedback;

        Assert.Equal(FeedbackLimits.TitleMaxLength, feedback?.Title.Length);
    }
}
