using FeedbackFix.Clusters.Validation;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;
using FeedbackFix.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FeedbackFix.Clusters.Tests;

public sealed class ValidationTests
{
    [Theory]
    [InlineData("https://github.com/acme/app")]
    [InlineData("https://github.com/a/b")]
    [InlineData("https://github.com/my-org/my.repo_name-2")]
    [InlineData("https://github.com/A1/.github")]
    public void GithubRepoUrl_accepts_owner_and_repo(string url) => Assert.True(GithubRepoUrl.IsValid(url));

    [Theory]
    [InlineData("http://github.com/acme/app")]
    [InlineData("https://gitlab.com/acme/app")]
    [InlineData("https://github.com/acme")]
    [InlineData("https://github.com/acme/app/")]
    [InlineData("https://github.com/acme/app/tree/main")]
    [InlineData("https://github.com/-acme/app")]
    [InlineData("https://github.com/acme-/app")]
    [InlineData("https://github.com/ac--me/app")]
    [InlineData("https://github.com/acme/..")]
    [InlineData("https://github.com/acme/app?x=1")]
    [InlineData("https://github.com/acme/a pp")]
    [InlineData("https://github.com/aaaaaaaaaabbbbbbbbbbccccccccccdddddddddd/app")]
    [InlineData("")]
    public void GithubRepoUrl_rejects_anything_else(string url) => Assert.False(GithubRepoUrl.IsValid(url));

    [Theory]
    [InlineData("fix_proposed")]
    [InlineData("Fix_Proposed")]
    [InlineData("FIX_PROPOSED")]
    public void An_enum_value_is_its_api_name_in_any_case(string value)
    {
        var errors = new FieldErrors();

        Assert.Equal(ClusterStatus.FixProposed, errors.Enum<ClusterStatus>("status", value));
        Assert.True(errors.IsEmpty);
    }

    [Fact]
    public void An_empty_enum_query_value_is_not_given_but_an_empty_body_member_is_refused()
    {
        var errors = new FieldErrors();

        Assert.Null(errors.Enum<ClusterStatus>("status", ""));
        Assert.True(errors.IsEmpty);
        Assert.Null(errors.Enum<ClusterStatus>("status", "", inBody: true));
        Assert.Contains("status must be one of", Assert.Single(errors.ToProblem().ProblemDetails.Errors["status"]));
    }

    [Fact]
    public void FieldErrors_collect_every_field_into_one_validation_problem()
    {
        var errors = new FieldErrors();
        errors.Id("id", "bad id!");
        errors.NotBlank("title", "   ", 300);
        var status = errors.Enum<ClusterStatus>("status", "Open");
        var limit = errors.Limit("limit", "0", 50, PageCursor.MaxLimit);

        var problem = errors.ToProblem();

        Assert.Null(status);
        Assert.Equal(50, limit);
        Assert.Equal(StatusCodes.Status400BadRequest, problem.StatusCode);
        Assert.Equal(["id", "limit", "status", "title"], problem.ProblemDetails.Errors.Keys.Order());
        Assert.Contains("new, fixing, fixed, ignored", problem.ProblemDetails.Errors["status"][0]);
        Assert.Contains("title", problem.ProblemDetails.Detail);
    }

    [Theory]
    [InlineData(null, 50)]
    [InlineData("", 50)]
    [InlineData("1", 1)]
    [InlineData("200", 200)]
    public void Limit_defaults_and_accepts_the_range(string? text, int expected)
    {
        var errors = new FieldErrors();
        Assert.Equal(expected, errors.Limit("limit", text, 50, 200));
        Assert.True(errors.IsEmpty);
    }

    [Theory]
    [InlineData("201")]
    [InlineData("-1")]
    [InlineData("ten")]
    [InlineData("1.5")]
    public void Limit_outside_the_range_is_an_error(string text)
    {
        var errors = new FieldErrors();
        errors.Limit("limit", text, 50, 200);
        Assert.False(errors.IsEmpty);
    }

    [Fact]
    public void Cursor_round_trips_and_garbage_is_an_error()
    {
        var errors = new FieldErrors();
        var list = JobStore.ListOf(null);
        var cursor = new PageCursor(3, "abc", list);
        Assert.Equal(cursor, errors.Cursor("cursor", cursor.ToString(), list));
        Assert.True(errors.IsEmpty);
        Assert.Null(errors.Cursor("cursor", "not-a-cursor", list));
        Assert.False(errors.IsEmpty);
    }

    [Fact]
    public void A_cursor_of_another_list_is_an_error_that_says_so_and_one_without_a_list_is_taken()
    {
        var errors = new FieldErrors();
        var ofRunningJobs = new PageCursor(3, "abc", JobStore.ListOf(JobStatus.Running));

        Assert.Null(errors.Cursor("cursor", ofRunningJobs.ToString(), JobStore.ListOf(null)));
        var message = Assert.Single(errors.ToProblem().ProblemDetails.Errors["cursor"]);
        Assert.Contains("another list", message, StringComparison.Ordinal);

        var fromBeforeLists = new PageCursor(3, "abc");
        Assert.Equal(fromBeforeLists, new FieldErrors().Cursor("cursor", fromBeforeLists.ToString(), JobStore.ListOf(null)));
    }

    [Theory]
    [InlineData("https://github.com/acme/app/pull/1", true)]
    [InlineData("http://github.com/acme/app/pull/1", false)]
    [InlineData("/acme/app/pull/1", false)]
    [InlineData("not a url", false)]
    public void Pull_request_url_must_be_absolute_https(string url, bool valid)
    {
        var errors = new FieldErrors();
        errors.HttpsUrl("pr_url", url, 2048);
        Assert.Equal(valid, errors.IsEmpty);
    }

    [Theory]
    [InlineData("1732800000000-0", true)]
    [InlineData("12-3", true)]
    [InlineData("abc", false)]
    [InlineData("12-", false)]
    public void Log_position_must_be_a_stream_id(string id, bool valid)
    {
        var errors = new FieldErrors();
        errors.StreamId("after", id);
        Assert.Equal(valid, errors.IsEmpty);
    }

    [Fact]
    public void Fix_options_default_to_the_process_launcher_and_no_repository()
    {
        var options = Bind([]);
        Assert.Equal("process", options.Value.Launcher);
        Assert.Null(options.Value.DefaultRepositoryUrl);
    }

    [Fact]
    public void Fix_options_refuse_a_default_repository_that_is_not_a_github_repo_and_name_the_setting()
    {
        var options = Bind(new() { ["Fixes:DefaultRepositoryUrl"] = "https://example.com/acme/app" });
        var failure = Assert.Throws<OptionsValidationException>(() => options.Value);
        Assert.Contains("Fixes:DefaultRepositoryUrl", failure.Message);
    }

    [Fact]
    public void Fix_options_refuse_a_launcher_that_is_not_a_name()
    {
        var options = Bind(new() { ["Fixes:Launcher"] = "Not A Launcher" });
        Assert.Throws<OptionsValidationException>(() => options.Value);
    }

    [Fact]
    public void A_cluster_patch_with_no_fields_is_empty()
    {
        Assert.True(new ClusterPatch().IsEmpty);
        Assert.False(new ClusterPatch(Summary: "").IsEmpty);
    }

    private static IOptions<FixOptions> Bind(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddOptions<FixOptions>().BindConfiguration(FixOptions.Section).ValidateDataAnnotations();
        return services.BuildServiceProvider().GetRequiredService<IOptions<FixOptions>>();
    }
}
