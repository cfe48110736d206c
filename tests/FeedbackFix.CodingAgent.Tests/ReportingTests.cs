using System.Diagnostics;
using FeedbackFix.CodingAgent.Tests.Support;
using FeedbackFix.TestSupport;

namespace FeedbackFix.CodingAgent.Tests;

/// <summary>What reaches PATCH /jobs/{id}: heartbeats, masked lines, retries, and the backend ending the run.</summary>
public sealed class ReportingTests
{
    [Fact]
    public async Task A_quiet_command_still_sends_heartbeats()
    {
        await using var scenario = await AgentScenario.StartAsync();
        var environment = scenario.Environment("sleep 3");
        environment["AGENT_HEARTBEAT_SECONDS"] = "0.2";

        var exitCode = await scenario.RunAsync(environment);

        Assert.Equal(ExitCodes.Succeeded, exitCode);
        var heartbeats = scenario.Backend.Reports.Count(report => report.IsHeartbeat);
        // 15 at best; a loaded machine delays timers, so the floor only proves they keep coming.
        Assert.True(heartbeats >= 4, $"{heartbeats} heartbeats in 3 s at 0.2 s");
    }

    [Fact]
    public async Task Tokens_printed_by_the_command_are_masked_before_they_are_sent()
    {
        await using var scenario = await AgentScenario.StartAsync();
        var command = $"""
            echo "github {scenario.GitHub.Token} here"
            echo "job {scenario.Backend.Token} there"
            exit 4
            """;

        var exitCode = await scenario.RunAsync(scenario.Environment(command));

        Assert.Equal(ExitCodes.Failed, exitCode);
        var lines = scenario.Backend.Lines;
        Assert.Contains("github *** here", lines);
        Assert.Contains("job *** there", lines);
        Assert.All(scenario.Backend.Reports, report =>
        {
            Assert.DoesNotContain(scenario.GitHub.Token, report.RawBody);
            Assert.DoesNotContain(scenario.Backend.Token, report.RawBody);
        });
    }

    [Fact]
    public async Task A_409_from_the_backend_stops_the_command_and_the_run()
    {
        await using var scenario = await AgentScenario.StartAsync();
        scenario.Backend.EndWhen = report => report.Logs.Contains("working");
        var clock = Stopwatch.StartNew();

        var exitCode = await scenario.RunAsync(scenario.Environment("echo working; sleep 32.5; echo edit >> README.md"));

        Assert.Equal(ExitCodes.JobEnded, exitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        var reports = scenario.Backend.Reports;
        Assert.Equal(409, reports[^1].AnsweredWith);
        Assert.Single(reports, report => report.AnsweredWith == 409);
        Assert.DoesNotContain(reports, report => report.Status is "succeeded" or "failed");
        Assert.Empty(scenario.GitHub.PullRequests);
        Assert.True(await ProcessTable.GoneWithinAsync("sleep 32.5", TimeSpan.FromSeconds(5)), "the command is still running");
    }

    [Fact]
    public async Task A_stop_signal_kills_the_command_and_reports_the_job_failed()
    {
        await using var scenario = await AgentScenario.StartAsync();
        using var stop = new CancellationTokenSource();
        scenario.Backend.EndWhen = report =>
        {
            if (report.Logs.Contains("waiting"))
            {
                stop.Cancel();
            }
            return false;
        };

        var exitCode = await scenario.RunAsync(scenario.Environment("echo waiting; sleep 30"), stop.Token);

        Assert.Equal(ExitCodes.Stopped, exitCode);
        var last = scenario.Backend.Reports[^1];
        Assert.Equal("failed", last.Status);
        Assert.Contains("stopped", last.Error);
    }

    [Fact]
    public async Task Transient_backend_failures_are_retried()
    {
        await using var scenario = await AgentScenario.StartAsync();
        scenario.Backend.FailNext = 2;

        var exitCode = await scenario.RunAsync(scenario.Environment("true"));

        Assert.Equal(ExitCodes.Succeeded, exitCode);
        Assert.Equal("running", scenario.Backend.Reports[0].Status);
        Assert.Equal("succeeded", scenario.Backend.Reports[^1].Status);
    }

    [Fact]
    public async Task A_refused_token_is_not_retried()
    {
        await using var scenario = await AgentScenario.StartAsync();
        var environment = scenario.Environment("true");
        environment["JOB_TOKEN"] = "not-the-token";

        var exitCode = await scenario.RunAsync(environment);

        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.Equal(1, scenario.Backend.RequestCount);
    }

    [Fact]
    public async Task Output_is_sent_in_order_in_batches_no_larger_than_the_setting()
    {
        await using var scenario = await AgentScenario.StartAsync();
        var environment = scenario.Environment("seq 1 250");
        environment["AGENT_LOG_BATCH_LINES"] = "40";
        environment["AGENT_LOG_BATCH_SECONDS"] = "5";

        var exitCode = await scenario.RunAsync(environment);

        Assert.Equal(ExitCodes.Succeeded, exitCode);
        Assert.All(scenario.Backend.Reports, report => Assert.True(report.Logs.Count <= 40));
        var numbers = scenario.Backend.Lines.Where(line => int.TryParse(line, out _)).ToList();
        Assert.Equal(Enumerable.Range(1, 250).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), numbers);
    }

    [Fact]
    public async Task Output_larger_than_the_gateway_takes_in_one_report_goes_in_several_in_order()
    {
        await using var scenario = await AgentScenario.StartAsync();
        // 200 lines of 8,000 characters at once: 1.6 MB, where the gateway takes 256 KiB a request.
        var command = "line=$(head -c 8000 /dev/zero | tr '\\0' x); for i in $(seq 1 200); do echo \"$i $line\"; done";

        var exitCode = await scenario.RunAsync(scenario.Environment(command));

        Assert.Equal(ExitCodes.Succeeded, exitCode);
        var numbered = scenario.Backend.Lines.Where(line => line.EndsWith(new string('x', 100), StringComparison.Ordinal))
            .Select(line => int.Parse(line[..line.IndexOf(' ', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        Assert.Equal(Enumerable.Range(1, 200), numbered);
        Assert.All(scenario.Backend.Reports, report => Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(report.RawBody), 1, FeedbackFix.CodingAgent.Reporting.JobReporter.MaxReportBytes));
    }

    [Fact]
    public async Task A_report_whose_answer_was_lost_is_sent_again_with_the_same_sequence()
    {
        await using var scenario = await AgentScenario.StartAsync();
        scenario.Backend.LoseAnswerOnce = report => report.Logs.Contains("first line");

        var exitCode = await scenario.RunAsync(scenario.Environment("echo 'first line'"));

        Assert.Equal(ExitCodes.Succeeded, exitCode);
        var sent = scenario.Backend.Reports.Where(report => report.Logs.Contains("first line")).Select(Sequence).ToList();
        Assert.Equal(2, sent.Count);
        Assert.Equal(sent[0], sent[1]);
        var sequences = scenario.Backend.Reports.Select(Sequence).Distinct().ToList();
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(n => (long)n), sequences);
    }

    private static long Sequence(Fakes.RecordedReport report) =>
        System.Text.Json.JsonDocument.Parse(report.RawBody).RootElement.GetProperty("sequence").GetInt64();
}
