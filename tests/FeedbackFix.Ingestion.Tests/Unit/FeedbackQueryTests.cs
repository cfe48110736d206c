using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Ingestion.Apis;
using FeedbackFix.ServiceDefaults.Validation;

namespace FeedbackFix.Ingestion.Tests.Unit;

public sealed class FeedbackQueryTests
{
    [Fact]
    public void No_parameters_give_the_first_page_of_everything()
    {
        var query = FeedbackApi.ParseQuery(null, null, null, null, new FieldErrors());

        Assert.Equal(new FeedbackQuery(null, null, null, FeedbackApi.DefaultLimit), query);
    }

    [Fact]
    public void Every_parameter_is_read()
    {
        var cursor = new PageCursor(1_700_000_000_000, "abc", FeedbackStore.ListOf(FeedbackSource.Reddit));

        var query = FeedbackApi.ParseQuery("reddit", "true", cursor.ToString(), "200", new FieldErrors());

        Assert.Equal(new FeedbackQuery(FeedbackSource.Reddit, true, cursor, 200), query);
    }

    [Fact]
    public void A_cursor_of_another_source_is_named_but_unclustered_may_change_between_pages()
    {
        var ofReddit = new PageCursor(1_700_000_000_000, "abc", FeedbackStore.ListOf(FeedbackSource.Reddit)).ToString();
        var errors = new FieldErrors();

        Assert.Null(FeedbackApi.ParseQuery("sentry", null, ofReddit, null, errors));
        Assert.Contains("another list", Assert.Single(errors.ToProblem().ProblemDetails.Errors["cursor"]), StringComparison.Ordinal);
        Assert.NotNull(FeedbackApi.ParseQuery("reddit", "false", ofReddit, null, new FieldErrors()));
    }

    [Theory]
    [InlineData("source", "1")]
    [InlineData("source", "twitter")]
    [InlineData("unclustered", "yes")]
    [InlineData("cursor", "not-a-cursor")]
    [InlineData("limit", "0")]
    [InlineData("limit", "201")]
    [InlineData("limit", "-5")]
    [InlineData("limit", "ten")]
    public void A_bad_parameter_is_named(string parameter, string value)
    {
        var errors = new FieldErrors();

        var query = FeedbackApi.ParseQuery(
            parameter == "source" ? value : null,
            parameter == "unclustered" ? value : null,
            parameter == "cursor" ? value : null,
            parameter == "limit" ? value : null,
            errors);

        Assert.Null(query);
        Assert.Equal([parameter], errors.ToProblem().ProblemDetails.Errors.Keys);
    }
}
