using System.Net;
using System.Text.Json;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;

namespace FeedbackFix.EndToEnd.Tests;

/// <summary>
/// Generate Fix through the gateway with the process launcher: the orchestrator opens the issue on
/// the fake GitHub and starts the real CodingAgent, which clones the bare repository, runs the agent
/// command, pushes, opens the pull request and reports back.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class GenerateFixFlowTests(AppHostFixture system)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_fix_turns_a_cluster_into_a_pushed_branch_a_pull_request_and_a_succeeded_job()
    {
        var cluster = await SeedClusterAsync("Export crashes on large files");

        var jobId = await StartFixAsync(cluster.Id);
        var job = await WaitForJobAsync(jobId, JobEnded);

        Assert.Equal("succeeded", job.Str("status"));
        var pull = Assert.Single(system.GitHub.PullRequests, p => p.HeadRef == $"feedbackfix/job-{jobId}");
        Assert.Equal(pull.HtmlUrl, job.Str("pr_url"));
        var issue = Assert.Single(system.GitHub.Issues, i => i.Title == cluster.Title);
        Assert.Equal(issue.HtmlUrl, job.Str("issue_url"));
        Assert.StartsWith($"Fixes #{issue.Number}", pull.Body, StringComparison.Ordinal);
        Assert.Contains($"feedbackfix/job-{jobId}", system.Remote.Branches());
        Assert.Contains("patched", system.Remote.Show($"feedbackfix/job-{jobId}", "FIXED.md"), StringComparison.Ordinal);
        Assert.False(job.TryGetProperty("token", out _));
        Assert.False(job.TryGetProperty("token_hash", out _));

        var after = await Json.ReadAsync(await system.Api.GetAsync($"/clusters/{cluster.Id}"));
        Assert.Equal(("fix_proposed", issue.HtmlUrl), (after.Str("status"), after.Str("issue_url")));
        var lines = await LogLinesAsync(jobId);
        Assert.Contains(lines, line => line.Contains("edited FIXED.md", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("orchestrator: agent started", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_fix_with_nothing_to_change_succeeds_with_its_note_and_no_pull_request()
    {
        var cluster = await SeedClusterAsync($"Typo in the docs {AppHostFixture.NoChangeMarker}");

        var jobId = await StartFixAsync(cluster.Id);
        var job = await WaitForJobAsync(jobId, JobEnded);

        Assert.Equal("succeeded", job.Str("status"));
        Assert.Contains("no change needed", job.Str("note"), StringComparison.Ordinal);
        Assert.False(job.TryGetProperty("pr_url", out var prUrl) && prUrl.ValueKind != JsonValueKind.Null);
        Assert.DoesNotContain(system.GitHub.PullRequests, p => p.HeadRef == $"feedbackfix/job-{jobId}");
        Assert.Equal("new", (await Json.ReadAsync(await system.Api.GetAsync($"/clusters/{cluster.Id}"))).Str("status"));
    }

    [Fact]
    public async Task Cancelling_a_running_fix_ends_it_cancelled_and_stops_its_agent()
    {
        var cluster = await SeedClusterAsync($"Search is slow {AppHostFixture.SlowMarker}");
        var jobId = await StartFixAsync(cluster.Id);
        var running = await WaitForJobAsync(jobId, IsRunningWithTask);

        var cancelled = await system.Api.PostAsync($"/jobs/{jobId}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (await Json.ReadAsync(cancelled)).Str("status"));
        await Eventually.TrueAsync(() => !ProcessTable.IsAlive(AgentProcessId(running)), TimeSpan.FromSeconds(20), "the agent process to be stopped");
        Assert.Equal("cancelled", (await Json.ReadAsync(await system.Api.GetAsync($"/jobs/{jobId}"))).Str("status"));
        Assert.Equal("new", (await Json.ReadAsync(await system.Api.GetAsync($"/clusters/{cluster.Id}"))).Str("status"));
    }

    [Fact]
    public async Task A_killed_agent_fails_its_job_with_the_reason_and_a_retry_starts_the_next_attempt()
    {
        var cluster = await SeedClusterAsync($"Upload hangs {AppHostFixture.SlowMarker}");
        var jobId = await StartFixAsync(cluster.Id);
        var running = await WaitForJobAsync(jobId, IsRunningWithTask);

        using (var victim = System.Diagnostics.Process.GetProcessById(AgentProcessId(running)))
        {
            victim.Kill();
        }
        var failed = await WaitForJobAsync(jobId, JobEnded);

        Assert.Equal("failed", failed.Str("status"));
        Assert.Contains("the agent stopped without a final report", failed.Str("error"), StringComparison.Ordinal);
        Assert.Contains("exited with code 137", failed.Str("error"), StringComparison.Ordinal);
        Assert.Equal("new", (await Json.ReadAsync(await system.Api.GetAsync($"/clusters/{cluster.Id}"))).Str("status"));

        var retried = await system.Api.PostAsync($"/jobs/{jobId}/retry", null);

        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        var retry = await Json.ReadAsync(retried);
        Assert.Equal(2, retry.GetProperty("attempt").GetInt32());
        var second = await WaitForJobAsync(retry.Str("job_id"), IsRunningWithTask);
        Assert.Equal(jobId, second.Str("retry_of"));
        Assert.Equal(failed.Str("issue_url"), second.Str("issue_url"));
        Assert.Single(system.GitHub.Issues, i => i.Title == cluster.Title);
        await system.Api.PostAsync($"/jobs/{retry.Str("job_id")}/cancel", null);
    }

    private static bool JobEnded(JsonElement job) => job.Str("status") is "succeeded" or "failed" or "cancelled";

    private static bool IsRunningWithTask(JsonElement job) =>
        job.Str("status") == "running" && job.TryGetProperty("task_ref", out var taskRef) && taskRef.ValueKind == JsonValueKind.String;

    private static int AgentProcessId(JsonElement job) => int.Parse(job.Str("task_ref")["process:".Length..], System.Globalization.CultureInfo.InvariantCulture);

    private Task<IssueCluster> SeedClusterAsync(string title) =>
        system.SeedClusterAsync($"{title} {Guid.NewGuid():N}", "Reported by several users.", Enumerable.Range(0, 2).Select(i =>
            new NewFeedback(FeedbackSource.Manual, Guid.NewGuid().ToString("N"), $"{title} ({i})", "Steps: open, click, boom.",
                $"https://www.reddit.com/r/widgets/comments/{Guid.NewGuid():N}", "tester", DateTimeOffset.UtcNow)));

    private async Task<string> StartFixAsync(string clusterId)
    {
        var started = await system.Api.PostAsync($"/clusters/{clusterId}/start_fix", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        return (await Json.ReadAsync(started)).Str("job_id");
    }

    private async Task<JsonElement> WaitForJobAsync(string jobId, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow + JobTimeout;
        while (true)
        {
            var job = await Json.ReadAsync(await system.Api.GetAsync($"/jobs/{jobId}"));
            if (condition(job))
            {
                return job;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Job {jobId} did not get there in {JobTimeout}; it is: {job}; logs: {string.Join(" | ", await LogLinesAsync(jobId))}");
            }
            await Task.Delay(200);
        }
    }

    private async Task<List<string>> LogLinesAsync(string jobId)
    {
        var logs = await Json.ReadAsync(await system.Api.GetAsync($"/jobs/{jobId}/logs?limit=1000"));
        return [.. logs.GetProperty("lines").EnumerateArray().Select(line => line.Str("line"))];
    }
}
