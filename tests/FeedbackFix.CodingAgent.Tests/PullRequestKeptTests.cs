using FeedbackFix.CodingAgent.Tests.Support;

namespace FeedbackFix.CodingAgent.Tests;

/// <summary>A pull request that exists is reported, whatever ends the run: a stop, a 409, a failure.</summary>
public sealed class PullRequestKeptTests
{
    [Fact]
    public async Task A_stop_after_the_pull_request_was_opened_reports_the_job_succeeded_with_its_url()
    {
        await using var scenario = await AgentScenario.StartAsync();
        using var stop = new CancellationTokenSource();
        scenario.Backend.EndWhen = report =>
        {
            if (report.Logs.Any(line => line.StartsWith("Opened pull request", StringComparison.Ordinal)))
            {
                stop.Cancel();
            }
            return false;
        };

        var exitCode = await scenario.RunAsync(scenario.Environment("echo fix >> README.md"), stop.Token);

        Assert.True(stop.IsCancellationRequested, "the stop never came");
        Assert.Equal(ExitCodes.Succeeded, exitCode);
        var last = scenario.Backend.Reports[^1];
        Assert.Equal("succeeded", last.Status);
        Assert.Equal(Assert.Single(scenario.GitHub.PullRequests).HtmlUrl, last.PrUrl);
    }

    [Fact]
    public async Task The_pull_requests_link_is_reported_as_soon_as_it_is_opened_so_a_backend_gone_for_the_closing_report_loses_nothing()
    {
        await using var scenario = await AgentScenario.StartAsync();
        scenario.Backend.UnavailableAfter = report => report.PrUrl is not null;

        await scenario.RunAsync(scenario.Environment("echo fix >> README.md"));

        var pull = Assert.Single(scenario.GitHub.PullRequests);
        var recorded = Assert.Single(scenario.Backend.Reports, report => report.PrUrl is not null);
        Assert.Equal(pull.HtmlUrl, recorded.PrUrl);
        Assert.Equal(200, recorded.AnsweredWith);
        Assert.Null(recorded.Status);
        Assert.True(scenario.Backend.RequestCount > scenario.Backend.Reports.Count, "the closing report was tried and refused");
    }

    [Fact]
    public async Task A_409_after_the_pull_request_was_opened_still_sends_its_url()
    {
        await using var scenario = await AgentScenario.StartAsync();
        scenario.Backend.EndWhen = report => report.Logs.Any(line => line.StartsWith("Opened pull request", StringComparison.Ordinal));

        var exitCode = await scenario.RunAsync(scenario.Environment("echo fix >> README.md"));

        Assert.Equal(ExitCodes.JobEnded, exitCode);
        var pull = Assert.Single(scenario.GitHub.PullRequests);
        // The backend answers 409 to it and keeps the pull request (JobsApi: "no PR is lost to a cancel").
        Assert.Contains(scenario.Backend.Reports, report => report.PrUrl == pull.HtmlUrl && report.AnsweredWith == 409);
    }

    [Fact]
    public async Task A_stopped_retry_reports_failed_with_the_pull_request_an_earlier_attempt_opened()
    {
        await using var scenario = await AgentScenario.StartAsync();
        Assert.Equal(ExitCodes.Succeeded, await scenario.RunAsync(scenario.Environment("echo first >> README.md")));
        var pull = Assert.Single(scenario.GitHub.PullRequests);
        using var stop = new CancellationTokenSource();
        scenario.Backend.EndWhen = report =>
        {
            if (report.Logs.Contains("waiting"))
            {
                stop.Cancel();
            }
            return false;
        };

        var exitCode = await scenario.RunAsync(scenario.Environment("echo waiting; sleep 33.5"), stop.Token);

        Assert.Equal(ExitCodes.Stopped, exitCode);
        var last = scenario.Backend.Reports[^1];
        Assert.Equal("failed", last.Status);
        Assert.Contains("stopped", last.Error);
        Assert.Equal(pull.HtmlUrl, last.PrUrl);
        Assert.Contains($"pull request #{pull.Number} is open", last.Note);
    }

    [Fact]
    public async Task A_failure_without_a_pull_request_reports_no_url()
    {
        await using var scenario = await AgentScenario.StartAsync();

        var exitCode = await scenario.RunAsync(scenario.Environment("echo edit >> README.md; exit 5"));

        Assert.Equal(ExitCodes.Failed, exitCode);
        var last = scenario.Backend.Reports[^1];
        Assert.Equal("failed", last.Status);
        Assert.Null(last.PrUrl);
        Assert.Null(last.Note);
    }
}
