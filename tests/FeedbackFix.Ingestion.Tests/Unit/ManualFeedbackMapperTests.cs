using System.Text.Json;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using FeedbackFix.Ingestion.Ingest;
using FeedbackFix.Ingestion.Model;
using FeedbackFix.Ingestion.Tests.Support;
using FeedbackFix.ServiceDefaults.Validation;

namespace FeedbackFix.Ingestion.Tests.Unit;

public sealed class ManualFeedbackMapperTests
{
    private static readonly DateTimeOffset Now = FixedTime.Noon;

    [Fact]
    public void A_title_alone_maps_with_defaults()
    {
        var errors = new FieldErrors();

        var feedback = ManualFeedbackMapper.Map(new ManualFeedbackRequest("  Crash on save  "), Now, errors);

        Assert.True(errors.IsEmpty);
        Assert.NotNull(feedback);
        Assert.Equal(FeedbackSource.Manual, feedback.Source);
        Assert.Equal("Crash on save", feedback.Title);
        Assert.Equal("", feedback.Body);
        Assert.Equal(Now, feedback.CreatedAt);
        Assert.Null(feedback.ExternalId);
        Assert.Null(feedback.Metadata);
    }

    [Fact]
    public void Every_field_given_is_kept()
    {
        var metadata = JsonDocument.Parse("""{"plan": "pro"}""").RootElement;
        var createdAt = Now.AddDays(-1);
        var errors = new FieldErrors();

        var feedback = ManualFeedbackMapper.Map(
            new ManualFeedbackRequest("Title", "Body", "https://example.com/a", "ann", "ext-1", createdAt, metadata), Now, errors);

        Assert.NotNull(feedback);
        Assert.Equal(("Body", "https://example.com/a", "ann", "ext-1", createdAt), (feedback.Body, feedback.Url, feedback.Author, feedback.ExternalId, feedback.CreatedAt));
        Assert.Equal("pro", feedback.Metadata!.Value.GetProperty("plan").GetString());
    }

    public static TheoryData<string, ManualFeedbackRequest> InvalidRequests() => new()
    {
        { "title", new ManualFeedbackRequest(null) },
        { "title", new ManualFeedbackRequest(" \t ") },
        { "title", new ManualFeedbackRequest(new string('t', FeedbackLimits.TitleMaxLength + 1)) },
        { "body", new ManualFeedbackRequest("t", Body: new string('b', FeedbackLimits.BodyMaxLength + 1)) },
        { "url", new ManualFeedbackRequest("t", Url: "example.com/relative") },
        { "url", new ManualFeedbackRequest("t", Url: "ftp://example.com/file") },
        { "url", new ManualFeedbackRequest("t", Url: "https://example.com/" + new string('u', FeedbackLimits.UrlMaxLength)) },
        { "author", new ManualFeedbackRequest("t", Author: new string('a', FeedbackLimits.AuthorMaxLength + 1)) },
        { "external_id", new ManualFeedbackRequest("t", ExternalId: " ") },
        { "external_id", new ManualFeedbackRequest("t", ExternalId: new string('e', FeedbackLimits.ExternalIdMaxLength + 1)) },
        { "created_at", new ManualFeedbackRequest("t", CreatedAt: FixedTime.Noon.AddMinutes(5).AddSeconds(1)) },
        { "metadata", new ManualFeedbackRequest("t", Metadata: JsonDocument.Parse("[1, 2]").RootElement) },
        { "metadata", new ManualFeedbackRequest("t", Metadata: JsonSerializer.SerializeToElement(new { big = new string('m', FeedbackLimits.MetadataMaxLength) })) },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public void An_invalid_field_is_named_and_nothing_is_mapped(string field, ManualFeedbackRequest request)
    {
        var errors = new FieldErrors();

        var feedback = ManualFeedbackMapper.Map(request, Now, errors);

        Assert.Null(feedback);
        var problem = errors.ToProblem();
        Assert.Equal(400, problem.StatusCode);
        Assert.Equal([field], problem.ProblemDetails.Errors.Keys);
    }

    [Fact]
    public void Created_at_within_the_allowed_clock_skew_is_accepted()
    {
        var errors = new FieldErrors();

        var feedback = ManualFeedbackMapper.Map(new ManualFeedbackRequest("t", CreatedAt: Now.AddMinutes(4)), Now, errors);

        Assert.Equal(Now.AddMinutes(4), feedback?.CreatedAt);
    }

    [Fact]
    public void Several_bad_fields_are_all_named_at_once()
    {
        var errors = new FieldErrors();

        ManualFeedbackMapper.Map(new ManualFeedbackRequest(null, Url: "nope", Author: new string('a', 201)), Now, errors);

        Assert.Equal(["author", "title", "url"], errors.ToProblem().ProblemDetails.Errors.Keys.Order());
    }

    public static TheoryData<string, string> ForbiddenCharacters() => new()
    {
        { "title", "Crash\u0000 on save" },
        { "title", "Crash \u001b[31mred" },
        { "body", "Looks fine \u202Eevil" },
        { "body", "Isolate \u2066x\u2069" },
        { "body", "Delete \u007F char" },
        { "author", "ann\u0085" },
        { "external_id", "ext\u0007" },
    };

    [Theory]
    [MemberData(nameof(ForbiddenCharacters))]
    public void Control_characters_and_bidi_overrides_are_refused_naming_the_field(string field, string text)
    {
        var errors = new FieldErrors();
        var request = field switch
        {
            "title" => new ManualFeedbackRequest(text),
            "body" => new ManualFeedbackRequest("Title", Body: text),
            "author" => new ManualFeedbackRequest("Title", Author: text),
            _ => new ManualFeedbackRequest("Title", ExternalId: text),
        };

        Assert.Null(ManualFeedbackMapper.Map(request, Now, errors));
        Assert.Equal([field], errors.ToProblem().ProblemDetails.Errors.Keys);
    }

    [Fact]
    public void Tabs_newlines_and_carriage_returns_are_kept()
    {
        var errors = new FieldErrors();

        var feedback = ManualFeedbackMapper.Map(new ManualFeedbackRequest("Title\twith tab", Body: "line one\r\nline two"), Now, errors);

        Assert.True(errors.IsEmpty);
        Assert.Equal("line one\r\nline two", feedback?.Body);
    }

    [Theory]
    [InlineData("\u200B\u200B")]
    [InlineData(" \u200C\u200D\u2060\uFEFF ")]
    public void A_title_with_no_visible_character_is_refused(string title)
    {
        var errors = new FieldErrors();

        Assert.Null(ManualFeedbackMapper.Map(new ManualFeedbackRequest(title), Now, errors));
        Assert.Equal(["title"], errors.ToProblem().ProblemDetails.Errors.Keys);
    }
}
