using FeedbackFix.CodingAgent.Settings;
using FeedbackFix.CodingAgent.Tests.Support;

namespace FeedbackFix.CodingAgent.Tests;

public sealed class EnvironmentTests
{
    [Fact]
    public async Task A_missing_variable_is_reported_failed_by_name()
    {
        await using var scenario = await AgentScenario.StartAsync();
        var environment = scenario.Environment("true");
        environment.Remove("AGENT_COMMAND");
        environment["REPO_URL"] = "https://gitlab.com/acme/app";

        var exitCode = await scenario.RunAsync(environment);

        Assert.Equal(ExitCodes.InvalidEnvironment, exitCode);
        var report = Assert.Single(scenario.Backend.Reports);
        Assert.Equal("failed", report.Status);
        Assert.Contains("AGENT_COMMAND is not set", report.Error);
        Assert.Contains("REPO_URL 'https://gitlab.com/acme/app' is not a GitHub repository URL", report.Error);
        Assert.Equal(["main"], scenario.Remote.Branches());
    }

    [Fact]
    public async Task Without_a_job_token_nothing_can_be_reported_and_the_exit_code_says_so()
    {
        await using var scenario = await AgentScenario.StartAsync();
        var environment = scenario.Environment("true");
        environment.Remove("JOB_TOKEN");

        var exitCode = await scenario.RunAsync(environment);

        Assert.Equal(ExitCodes.InvalidEnvironment, exitCode);
        Assert.Equal(0, scenario.Backend.RequestCount);
    }

    [Fact]
    public void Every_problem_is_named_and_no_token_value_appears()
    {
        var environment = new Dictionary<string, string>
        {
            ["JOB_ID"] = "job 1",
            ["JOB_TOKEN"] = "secret-job-token",
            ["BACKEND_URL"] = "ftp://backend",
            ["ISSUE_URL"] = "https://github.com/acme/app/pull/3",
            ["GITHUB_TOKEN"] = "secret-github-token",
            ["GIT_BASE_URL"] = "https://user:pw@git.example.com/",
            ["AGENT_LOG_BATCH_LINES"] = "5000",
            ["AGENT_HEARTBEAT_SECONDS"] = "soon",
        };

        var result = AgentSettingsReader.Read(environment);

        Assert.Null(result.Settings);
        Assert.Null(result.Target);
        var all = string.Join("\n", result.Problems);
        foreach (var name in new[] { "JOB_ID", "BACKEND_URL", "ISSUE_URL", "REPO_URL", "CLUSTER_ID", "AGENT_COMMAND", "GIT_BASE_URL", "AGENT_LOG_BATCH_LINES", "AGENT_HEARTBEAT_SECONDS" })
        {
            Assert.Contains(name, all);
        }
        Assert.DoesNotContain("secret", all);
        Assert.DoesNotContain("pw@", all);
    }

    [Fact]
    public void Defaults_fill_the_optional_variables()
    {
        var environment = new Dictionary<string, string>
        {
            ["JOB_ID"] = "job-1",
            ["JOB_TOKEN"] = "t0k3n-value",
            ["BACKEND_URL"] = "https://gateway.example.com/api",
            ["ISSUE_URL"] = "https://github.com/acme/app/issues/12",
            ["REPO_URL"] = "https://github.com/acme/app",
            ["CLUSTER_ID"] = "c-1",
            ["AGENT_COMMAND"] = "make fix",
            ["GITHUB_TOKEN"] = "ghp_value",
        };

        var settings = AgentSettingsReader.Read(environment).Settings!;

        Assert.Equal(new Uri("https://api.github.com/"), settings.GitHubApiUrl);
        Assert.Equal(new Uri("https://github.com/acme/app.git"), settings.CloneUrl);
        Assert.Equal("feedbackfix/job-job-1", settings.Branch);
        Assert.Equal(12, settings.Issue.Number);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Batching.HeartbeatInterval);
        Assert.Null(settings.BaseBranch);
        Assert.DoesNotContain("t0k3n", settings.ToString());
        Assert.DoesNotContain("ghp_value", settings.ToString());
    }
}
