using FeedbackFix.AgentOrchestrator.Launchers;
using FeedbackFix.AgentOrchestrator.Launching;
using FeedbackFix.AgentOrchestrator.Tests.Support;
using FeedbackFix.Contracts.Agent;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;

namespace FeedbackFix.AgentOrchestrator.Tests;

/// <summary>One queued job taken to running: issue, launch, records; and every way that can go wrong.</summary>
public sealed class JobLauncherTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task A_queued_job_gets_a_GitHub_issue_an_agent_and_ends_running_with_its_task()
    {
        await using var scenario = await OrchestratorScenario.StartAsync(redis.Connection);
        var cluster = await scenario.SeedClusterAsync(items: 3);
        var (job, token) = await scenario.QueueJobAsync(cluster);

        var outcome = await scenario.JobLauncher.LaunchAsync(job.Id, token, CancellationToken.None);

        Assert.Equal(LaunchOutcome.Done, outcome);
        var issue = Assert.Single(scenario.GitHub.Issues);
        Assert.Equal(("acme", "widgets", "Export crashes"), (issue.Owner, issue.Repo, issue.Title));
        Assert.Contains($"<!-- feedbackfix:cluster:{cluster.Id} -->", issue.Body, StringComparison.Ordinal);
        Assert.Equal(["feedbackfix", "bug"], issue.Labels);
        Assert.Contains("Exporting a report crashes the app.", issue.Body, StringComparison.Ordinal);
        var items = (await scenario.Clusters.GetItemsAsync(cluster.Id, null, 10)).Items;
        Assert.All(items, item => Assert.Contains(item.Url ?? item.Id, issue.Body, StringComparison.Ordinal));

        var stored = (await scenario.Jobs.GetAsync(job.Id))!;
        Assert.Equal(JobStatus.Running, stored.Status);
        Assert.Equal(issue.HtmlUrl, stored.IssueUrl);
        Assert.Equal(issue.HtmlUrl, (await scenario.Clusters.GetAsync(cluster.Id))!.IssueUrl);
        var launch = Assert.Single(scenario.Launcher.Launches);
        Assert.Equal($"task-{job.Id}-1", stored.TaskRef);
        Assert.Equal(job.Id, launch.Environment[AgentEnvironment.JobId]);
        Assert.Equal(token, launch.Environment[AgentEnvironment.JobToken]);
        Assert.Equal(OrchestratorScenario.BackendUrl, launch.Environment[AgentEnvironment.BackendUrl]);
        Assert.Equal(issue.HtmlUrl, launch.Environment[AgentEnvironment.IssueUrl]);
        Assert.Equal(OrchestratorScenario.RepoUrl, launch.Environment[AgentEnvironment.RepoUrl]);
        Assert.False(launch.Environment.ContainsKey(AgentEnvironment.GitHubToken));
        Assert.DoesNotContain(token, launch.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_jobs_instructions_go_to_the_agent_and_a_job_without_any_sets_no_variable()
    {
        await using var scenario = await OrchestratorScenario.StartAsync(redis.Connection);
        var with = (await scenario.Jobs.CreateAsync((await scenario.SeedClusterAsync()).Id, OrchestratorScenario.RepoUrl,
            RecordingLauncher.LauncherName, enqueue: true, null, instructions: "Keep the public API unchanged.\nAdd a test."));
        var (without, withoutToken) = await scenario.QueueJobAsync(await scenario.SeedClusterAsync());

        await scenario.JobLauncher.LaunchAsync(with.Job!.Id, with.Token, CancellationToken.None);
        await scenario.JobLauncher.LaunchAsync(without.Id, withoutToken, CancellationToken.None);

        var launches = scenario.Launcher.Launches.ToDictionary(l => l.JobId);
        Assert.Equal("Keep the public API unchanged.\nAdd a test.", launches[with.Job.Id].Environment[AgentEnvironment.Instructions]);
        Assert.False(launches[without.Id].Environment.ContainsKey(AgentEnvironment.Instructions));
    }

    [Fact]
    public async Task A_cluster_with_a_300_character_title_gets_an_issue_GitHub_accepts_with_the_whole_title_in_its_body()
    {
        await using var scenario = await OrchestratorScenario.StartAsync(redis.Connection);
        var fullTitle = "Export crashes when " + new string('x', 280);
        var (job, token) = await scenario.QueueJobAsync(await scenario.SeedClusterAsync(title: fullTitle));

        await scenario.JobLauncher.LaunchAsync(job.Id, token, CancellationToken.None);

        Assert.Equal(JobStatus.Running, (await scenario.Jobs.GetAsync(job.Id))!.Status);
        var issue = Assert.Single(scenario.GitHub.Issues);
        Assert.InRange(issue.Title.Length, 1, 256);
        Assert.EndsWith("…", issue.Title, StringComparison.Ordinal);
        Assert.Contains(fullTitle, issue.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cluster_with_the_longest_description_and_200_reports_with_2048_character_URLs_gets_an_issue_GitHub_accepts()
    {
        await using var scenario = await OrchestratorScenario.StartAsync(redis.Connection);
        var ids = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            var url = $"https://www.reddit.com/r/widgets/comments/{i:D4}/" + new string('u', 2_048 - 47);
            var added = await scenario.Feedback.AddAsync(
                new NewFeedback(FeedbackSource.Reddit, Guid.NewGuid().ToString("N"), $"Export crashes {i} " + new string('t', 280), "It breaks.",
                    url, "tester", DateTimeOffset.UtcNow.AddMinutes(-i)),
                null);
            ids.Add(added.Id);
        }
        var cluster = await scenario.Clusters.CreateAsync(new NewCluster("Export crashes", "Exporting a report crashes the app.", ids, OrchestratorScenario.RepoUrl));
        await scenario.Clusters.ChangeAsync(cluster.Id, new ClusterChanges(IssueDescription: new string('d', 20_000)), static (from, to) => from == to);
        var (job, token) = await scenario.QueueJobAsync((await scenario.Clusters.GetAsync(cluster.Id))!);

        await scenario.JobLauncher.LaunchAsync(job.Id, token, CancellationToken.None);

        Assert.Equal(JobStatus.Running, (await scenario.Jobs.GetAsync(job.Id))!.Status);
        var issue = Assert.Single(scenario.GitHub.Issues);
        Assert.InRange(issue.Body!.Length, 1, 65_536);
        Assert.Contains(new string('d', 20_000), issue.Body, StringComparison.Ordinal);
        Assert.Matches(@"- and \d+ more: `GET /clusters/", issue.Body);
        Assert.EndsWith($"<!-- feedbackfix:cluster:{cluster.Id} -->", issue.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_delivered_twice_opens_one_issue_and_launches_one_agent()
    {
        await using var scenario = await OrchestratorScenario.StartAsync(redis.Connection);
        var (job, token) = await scenario.QueueJobAsync(await scenario.SeedClusterAsync());

        await scenario.JobLauncher.LaunchAsync(job.Id, token, CancellationToken.None);
        var again = await scenario.JobLauncher.LaunchAsync(job.Id, token, CancellationToken.None);

        Assert.Equal(LaunchOutcome.Done, again);
        Assert.Single(scenario.GitHub.Issues);
        Assert.Single(scenario.Launcher.Launches);
    }

    [Fact]
    public async Task An_issue_opened_by_an_earlier_try_that_lost_its_answer_is_found_and_recorded_not_opened_again()
    {
        await using var scenario = await OrchestratorScenario.StartAsync(redis.Connection);
        var cluster = await scenario.SeedClusterAsync();
        var earlier = scenario.GitHub.AddIssue("acme", "widgets", cluster.Title,
            $"Opened by a try that crashed.\n<!-- feedbackfix:cluster:{cluster.Id} -->", "feedbackfix");
        var (job, token) = await scenario.QueueJobAsync(cluster);

        await scenario.JobLauncher.LaunchAsync(job.Id, token, CancellationToken.None);

        Assert.Equal(earlier, Assert.Single(scenario.GitHub.Issues));
        Assert.Equal(earlier.HtmlUrl, (await scenario.Jobs.GetAsync(job.Id))!.IssueUrl);
        Assert.Equal(earlier.HtmlUrl, (await scenario.Clusters.GetAsync(cluster.Id))!.IssueUrl);
    }

    [Fact]
    public async Task A_cluster_with_an_issue_in_the_same_repository_gets_no_second_one()
    {
        await using var scenario = await OrchestratorScenario.StartAsync(redis.Connection);
        const string existing = "https://github.com/acme/widgets/issues/41";
        var (job, token) = await scenario.QueueJobAsync(await scenario.SeedClusterAsync(issueUrl: existing));

        await scenario.JobLauncher.LaunchAsync(job.Id, token, CancellationToken.None);

        Assert.DoesNotContain(scenario.GitHub.Requests, request => request.Path.EndsWith("/issues", StringComparison.Ordinal));
        Assert.Equal(existing, (await scenario.Jobs.GetAsync(job.Id))!.IssueUrl);
        Assert.Equal(existing, Assert.Single(scenario.Launcher.Launches).Environment[AgentEnvironment.IssueUrl]);
    }

    [Fact]
    public async Task A_cluster_whose_issue_is_in_another_repository_gets_one_in_the_jobs_repository()
    {
        await using var scenario = await OrchestratorScenario.StartAsync(redis.Connection);
        var (job, token) = await scenario.QueueJobAsync(await scenario.SeedClusterAsync(issueUrl: "https://github.com/acme/old-home/issues/3"));

        await scenario.JobLauncher.LaunchAsync(job.Id, token, CancellationToken.None);

        Assert.Equal("widgets", Assert.Single(scenario.GitHub.Issues).Repo);
    }

    [Fact]
    public async Task Without_a_GitHub_token_the_job_fails_at_once_naming_the_setting()
    {
        await using var scenario = await OrchestratorScenario.StartAsync(redis.Connection, withGitHubToken: false);
        var (job, token) = await scenario.QueueJobAsync(await scenario.SeedClusterAsync());

        var outcome = await scenario.JobLauncher.LaunchAsync(job.Id, token, CancellationToken.None);

        Assert.Equal(LaunchOutcome.Done, outcome);
        var stored = (await scenario.Jobs.GetAsync(job.Id))!;
        Assert.Equal(JobStatus.Failed, stored.Status);
        Assert.Contains("GitHub:Token", stored.Error, StringComparison.Ordinal);
        Assert.Contains("github-token", stored.Error, StringComparison.Ordinal);
        Assert.Empty(scenario.Launcher.Launches);
        Assert.Equal(ClusterStatus.New, (await scenario.Clusters.GetAsync(job.ClusterId))!.Status);
    }

    [Fact]
    public async Task Bad_GitHub_credentials_fail_the_job_saying_so()
    {
        await using var scenario = await OrchestratorScenario.StartAsync(redis.Connection, wrongToken: "ghp_not-the-right-one");
        var (job, token) = await scenario.QueueJobAsync(await scenario.SeedClusterAsync());

        await scenario.JobLauncher.LaunchAsync(job.Id, token, CancellationToken.None);

        var stored = (await scenario.Jobs.GetAsync(job.Id))!;
        Assert.Equal(JobStatus.Failed, stored.Status);
        Assert.Contains("Bad credentials", stored.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_not-the-right-one", stored.Error, StringComparison.Ordinal);
        Assert.Empty(scenario.Launcher.Launches);
    }

    [Fact]
    public async Task Giving_up_on_an_entry_leaves_a_job_that_got_going_alone()
    {
        await using var scenario = await OrchestratorScenario.StartAsync(redis.Connection);
        var (job, _) = await scenario.RunningJobAsync();

        await scenario.JobLauncher.GiveUpAsync(job.Id, "delivered 6 times without being acknowledged");

        Assert.Equal(JobStatus.Running, (await scenario.Jobs.GetAsync(job.Id))!.Status);
    }

    [Fact]
    public async Task A_refused_launch_fails_the_job_with_the_launchers_reason()
    {
        await using var scenario = await OrchestratorScenario.StartAsync(redis.Connection);
        scenario.Launcher.DuringLaunch = _ => throw new AgentLaunchException("ECS RunTask refused: no capacity", isTransient: false);
        var (job, token) = await scenario.QueueJobAsync(await scenario.SeedClusterAsync());

        var outcome = await scenario.JobLauncher.LaunchAsync(job.Id, token, CancellationToken.None);

        Assert.Equal(LaunchOutcome.Done, outcome);
        var stored = (await scenario.Jobs.GetAsync(job.Id))!;
        Assert.Equal((JobStatus.Failed, "ECS RunTask refused: no capacity"), (stored.Status, stored.Error));
    }

    [Fact]
    public async Task A_launch_that_may_work_later_is_tried_again_and_given_up_on_with_the_last_reason()
    {
        await using var scenario = await OrchestratorScenario.StartAsync(redis.Connection);
        scenario.Launcher.DuringLaunch = _ => throw new AgentLaunchException("ECS is throttling RunTask", isTransient: true);
        var (job, token) = await scenario.QueueJobAsync(await scenario.SeedClusterAsync());

        var outcome = await scenario.JobLauncher.LaunchAsync(job.Id, token, CancellationToken.None);

        Assert.Equal(LaunchOutcome.TryAgainLater, outcome);
        Assert.Equal(JobStatus.Launching, (await scenario.Jobs.GetAsync(job.Id))!.Status);
        await scenario.JobLauncher.GiveUpAsync(job.Id, "delivered 6 times without being acknowledged");
        var stored = (await scenario.Jobs.GetAsync(job.Id))!;
        Assert.Equal(JobStatus.Failed, stored.Status);
        Assert.Equal("the agent could not be launched: ECS is throttling RunTask", stored.Error);
    }

    [Fact]
    public async Task A_job_cancelled_while_its_agent_starts_has_the_agent_stopped()
    {
        await using var scenario = await OrchestratorScenario.StartAsync(redis.Connection);
        scenario.Launcher.DuringLaunch = launch => scenario.Jobs.ChangeAsync(launch.JobId, new JobChanges(JobStatus.Cancelled));
        var (job, token) = await scenario.QueueJobAsync(await scenario.SeedClusterAsync());

        await scenario.JobLauncher.LaunchAsync(job.Id, token, CancellationToken.None);

        var stored = (await scenario.Jobs.GetAsync(job.Id))!;
        Assert.Equal(JobStatus.Cancelled, stored.Status);
        Assert.Equal($"task-{job.Id}-1", stored.TaskRef);
        Assert.Contains(job.Id, await scenario.Jobs.GetStoppingAsync());
        await scenario.Reconciler.ReconcileOnceAsync(CancellationToken.None);
        Assert.Equal($"task-{job.Id}-1", Assert.Single(scenario.Launcher.Stops, stop => stop.TaskRef == stored.TaskRef).TaskRef);
    }

    [Fact]
    public async Task An_agent_that_reports_before_its_launch_is_recorded_keeps_its_status_and_gets_its_task()
    {
        await using var scenario = await OrchestratorScenario.StartAsync(redis.Connection);
        scenario.Launcher.DuringLaunch = launch => scenario.Jobs.ChangeAsync(launch.JobId, new JobChanges(JobStatus.Running, Logs: ["agent: hello"]));
        var (job, token) = await scenario.QueueJobAsync(await scenario.SeedClusterAsync());

        await scenario.JobLauncher.LaunchAsync(job.Id, token, CancellationToken.None);

        var stored = (await scenario.Jobs.GetAsync(job.Id))!;
        Assert.Equal((JobStatus.Running, $"task-{job.Id}-1"), (stored.Status, stored.TaskRef));
        Assert.Empty(scenario.Launcher.Stops);
    }

    [Fact]
    public async Task A_job_cancelled_while_queued_is_not_launched()
    {
        await using var scenario = await OrchestratorScenario.StartAsync(redis.Connection);
        var (job, token) = await scenario.QueueJobAsync(await scenario.SeedClusterAsync());
        await scenario.Jobs.ChangeAsync(job.Id, new JobChanges(JobStatus.Cancelled));

        var outcome = await scenario.JobLauncher.LaunchAsync(job.Id, token, CancellationToken.None);

        Assert.Equal(LaunchOutcome.Done, outcome);
        Assert.Empty(scenario.GitHub.Issues);
        Assert.Empty(scenario.Launcher.Launches);
    }

    [Fact]
    public async Task A_job_for_a_launcher_this_orchestrator_lacks_fails_naming_it()
    {
        await using var scenario = await OrchestratorScenario.StartAsync(redis.Connection);
        var (job, token) = await scenario.QueueJobAsync(await scenario.SeedClusterAsync(), launcher: "ecs");

        await scenario.JobLauncher.LaunchAsync(job.Id, token, CancellationToken.None);

        var stored = (await scenario.Jobs.GetAsync(job.Id))!;
        Assert.Equal(JobStatus.Failed, stored.Status);
        Assert.Contains("no launcher 'ecs'", stored.Error, StringComparison.Ordinal);
        Assert.Contains(RecordingLauncher.LauncherName, stored.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_GitHub_rate_limit_resetting_too_late_to_wait_for_leaves_the_job_to_be_tried_again()
    {
        await using var scenario = await OrchestratorScenario.StartAsync(redis.Connection);
        scenario.GitHub.PrimaryRateLimit(TimeSpan.FromHours(1), pathPrefix: "/api/v3/repos/acme/widgets/issues");
        var (job, token) = await scenario.QueueJobAsync(await scenario.SeedClusterAsync());

        var outcome = await scenario.JobLauncher.LaunchAsync(job.Id, token, CancellationToken.None);

        Assert.Equal(LaunchOutcome.TryAgainLater, outcome);
        Assert.Equal(JobStatus.Launching, (await scenario.Jobs.GetAsync(job.Id))!.Status);
        var lines = await scenario.Jobs.GetLogsAsync(job.Id, null, 100);
        Assert.Contains(lines, line => line.Line.Contains("rate limit", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(scenario.Launcher.Launches);
    }

    [Fact]
    public async Task A_GitHub_rate_limit_is_waited_out_and_the_issue_opened()
    {
        await using var scenario = await OrchestratorScenario.StartAsync(redis.Connection);
        scenario.GitHub.SecondaryRateLimit(TimeSpan.FromSeconds(1), pathPrefix: "/api/v3/repos/acme/widgets/issues");
        var (job, token) = await scenario.QueueJobAsync(await scenario.SeedClusterAsync());

        await scenario.JobLauncher.LaunchAsync(job.Id, token, CancellationToken.None);

        Assert.Single(scenario.GitHub.Issues);
        Assert.Equal(JobStatus.Running, (await scenario.Jobs.GetAsync(job.Id))!.Status);
    }
}
