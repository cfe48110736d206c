using System.Net;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Dashboard.Api;
using FeedbackFix.Dashboard.Components.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.FluentUI.AspNetCore.Components;

namespace FeedbackFix.Dashboard.Tests;

public sealed class JobPageTests : BunitContext
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeApi _api = new(FakeApi.NewJob(JobStatus.Running));

    public JobPageTests()
    {
        Services.AddSingleton<TimeProvider>(_time);
        Services.AddSingleton<FeedbackFixClient>(_ => _api.Client());
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new DashboardOptions { ApiKey = "0123456789abcdef" }));
        Services.AddFluentUIComponents();
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Theory]
    [InlineData(JobStatus.Queued, "Cancel job")]
    [InlineData(JobStatus.Launching, "Cancel job")]
    [InlineData(JobStatus.Running, "Cancel job")]
    [InlineData(JobStatus.Succeeded, "")]
    [InlineData(JobStatus.Failed, "Retry")]
    [InlineData(JobStatus.Cancelled, "Retry")]
    public void Only_the_actions_the_api_allows_for_the_status_are_offered(JobStatus status, string expected)
    {
        _api.Job = _api.Job with { Status = status };

        var cut = Render<Job>(p => p.Add(j => j.Id, "job-1"));

        cut.WaitForAssertion(() => Assert.Equal(expected, string.Join(' ', cut.FindAll(".job-actions fluent-button").Select(b => b.TextContent.Trim()))));
    }

    [Theory]
    [InlineData(JobStatus.Failed)]
    [InlineData(JobStatus.Cancelled)]
    public void A_job_run_by_its_caller_offers_no_retry(JobStatus status)
    {
        // The API answers 409 to retrying a job made with POST /jobs, whatever its status.
        _api.Job = FakeApi.NewJob(status, launcher: "manual");

        var cut = Render<Job>(p => p.Add(j => j.Id, "job-1"));

        cut.WaitForAssertion(() => Assert.Contains("manual", cut.Find(".job-facts").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll(".job-actions fluent-button"));
    }

    [Fact]
    public void A_refused_retry_is_shown_in_the_apis_own_words()
    {
        _api.Job = _api.Job with { Status = JobStatus.Failed, Error = "agent exited with code 1" };
        _api.OnPost = _ => FakeApi.Problem(HttpStatusCode.UnprocessableEntity, "GitHub is not configured",
            "Set the AppHost parameter 'github-token' (GitHub:Token) to start a fix.");
        var cut = Render<Job>(p => p.Add(j => j.Id, "job-1"));

        cut.WaitForElement(".job-actions fluent-button").Click();

        cut.WaitForAssertion(() => Assert.Equal("GitHub is not configured", cut.Find(".job-head ~ * strong").TextContent));
        Assert.Contains(": Set the AppHost parameter 'github-token' (GitHub:Token) to start a fix.", cut.Markup, StringComparison.Ordinal);
        Assert.Equal(0, _api.Requests.Count(r => r.Method == HttpMethod.Post && !r.RequestUri!.AbsolutePath.EndsWith("/jobs/job-1/retry", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_retry_that_is_accepted_opens_the_new_jobs_page()
    {
        _api.Job = _api.Job with { Status = JobStatus.Cancelled };
        _api.OnPost = _ => FakeApi.Json(new FixStarted("job-2", "cluster-1", JobStatus.Queued, 2), HttpStatusCode.Accepted);
        var cut = Render<Job>(p => p.Add(j => j.Id, "job-1"));

        cut.WaitForElement(".job-actions fluent-button").Click();

        cut.WaitForAssertion(() => Assert.EndsWith("/jobs/job-2", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal));
    }

    [Fact]
    public void A_refused_cancel_is_shown_in_the_apis_own_words()
    {
        _api.OnPost = _ => FakeApi.Problem(HttpStatusCode.Conflict, "Status change not allowed", "Job 'job-1' has already ended as 'succeeded'.");
        var cut = Render<Job>(p => p.Add(j => j.Id, "job-1"));

        cut.WaitForElement(".job-actions fluent-button").Click();

        cut.WaitForAssertion(() => Assert.Contains("Job 'job-1' has already ended as 'succeeded'.", cut.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public void A_failed_job_says_why_and_links_its_cluster_issue_and_pull_request()
    {
        _api.Job = _api.Job with
        {
            Status = JobStatus.Failed,
            Error = "agent stopped reporting",
            IssueUrl = "https://github.com/acme/app/issues/12",
            PrUrl = "https://github.com/acme/app/pull/13",
            Instructions = "Keep the public API as it is.",
        };

        var cut = Render<Job>(p => p.Add(j => j.Id, "job-1"));

        cut.WaitForAssertion(() => Assert.Contains("agent stopped reporting", cut.Find(".job-error").TextContent, StringComparison.Ordinal));
        Assert.NotNull(cut.Find("a[href='/clusters/cluster-1']"));
        Assert.Equal("acme/app#12", cut.Find("a[href='https://github.com/acme/app/issues/12']").TextContent);
        Assert.Equal("acme/app#13", cut.Find("a[href='https://github.com/acme/app/pull/13']").TextContent);
        Assert.Contains("Keep the public API as it is.", cut.Find(".job-instructions").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void An_active_job_is_asked_for_again_until_it_ends()
    {
        var cut = Render<Job>(p => p.Add(j => j.Id, "job-1"));
        cut.WaitForElement(".job-step.current.active");

        _api.Job = _api.Job with { Status = JobStatus.Succeeded, PrUrl = "https://github.com/acme/app/pull/7" };
        _time.Advance(TimeSpan.FromSeconds(5));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("a[href='https://github.com/acme/app/pull/7']")));
        Assert.Empty(cut.FindAll(".job-actions fluent-button"));
    }
}
