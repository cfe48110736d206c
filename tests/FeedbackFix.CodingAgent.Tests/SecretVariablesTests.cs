using FeedbackFix.CodingAgent.Reporting;
using FeedbackFix.CodingAgent.Tests.Support;

namespace FeedbackFix.CodingAgent.Tests;

/// <summary>
/// The command inherits the model's credentials on purpose; what it prints goes to the job's log,
/// which every dashboard user reads, so their values are masked like the agent's own tokens.
/// </summary>
public sealed class SecretVariablesTests
{
    [Fact]
    public async Task A_listed_variable_the_command_prints_is_masked_in_the_job_log_and_the_console()
    {
        await using var scenario = await AgentScenario.StartAsync();
        var key = "mk-" + Guid.NewGuid().ToString("N");
        // Run as a process: the command inherits the agent's real environment, as in the container.
        var environment = scenario.Environment("""
            echo "model key: $MODEL_KEY"
            env
            """);
        environment["MODEL_KEY"] = key;
        environment["AGENT_SECRET_VARIABLES"] = "OTHER_MODEL_URL, MODEL_KEY";

        using var agent = AgentProcess.Start(environment);
        await agent.WaitAsync(TimeSpan.FromSeconds(30));

        var lines = scenario.Backend.Lines;
        Assert.True(agent.ExitCode == 0, $"exit {agent.ExitCode}\n{await agent.ConsoleAsync()}");
        Assert.Contains("model key: ***", lines);
        Assert.Contains("MODEL_KEY=***", lines);
        Assert.All(scenario.Backend.Reports, report => Assert.DoesNotContain(key, report.RawBody));
        Assert.DoesNotContain(key, await agent.ConsoleAsync());
    }

    [Fact]
    public async Task Every_line_of_a_secret_of_several_lines_is_masked_when_the_command_prints_it()
    {
        await using var scenario = await AgentScenario.StartAsync();
        string[] keyLines = ["-----BEGIN PRIVATE KEY-----", "MIIEvQ" + Guid.NewGuid().ToString("N"), "kq9Fz2" + Guid.NewGuid().ToString("N"), "-----END PRIVATE KEY-----"];
        var environment = scenario.Environment("printenv SIGNING_KEY");
        environment["SIGNING_KEY"] = string.Join('\n', keyLines);
        environment["AGENT_SECRET_VARIABLES"] = "SIGNING_KEY";

        using var agent = AgentProcess.Start(environment);
        await agent.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(agent.ExitCode == 0, $"exit {agent.ExitCode}\n{await agent.ConsoleAsync()}");
        foreach (var line in keyLines)
        {
            Assert.All(scenario.Backend.Reports, report => Assert.DoesNotContain(line, report.RawBody));
        }
        Assert.Contains("***", scenario.Backend.Lines);
    }

    [Fact]
    public async Task A_variable_named_like_a_secret_is_masked_without_being_listed()
    {
        await using var scenario = await AgentScenario.StartAsync();
        var key = "sk-" + Guid.NewGuid().ToString("N");
        var environment = scenario.Environment("echo \"provider: $ACME_API_KEY\"");
        environment["ACME_API_KEY"] = key;

        using var agent = AgentProcess.Start(environment);
        await agent.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(agent.ExitCode == 0, $"exit {agent.ExitCode}\n{await agent.ConsoleAsync()}");
        Assert.Contains("provider: ***", scenario.Backend.Lines);
        Assert.All(scenario.Backend.Reports, report => Assert.DoesNotContain(key, report.RawBody));
    }

    [Fact]
    public void Listed_values_are_masked_whatever_their_length_and_guessed_ones_only_when_long_enough_to_be_credentials()
    {
        var environment = new Dictionary<string, string>
        {
            ["AGENT_SECRET_VARIABLES"] = "PIN,UNSET_KEY",
            ["PIN"] = "4711",
            ["OPENAI_API_KEY"] = "sk-proj-0123456789",
            ["DB_PASSWORD"] = "correct-horse",
            ["FEATURE_TOKEN"] = "off",
            ["CACHE_SECRET"] = "none",
            ["PATH"] = "/usr/local/bin:/usr/bin",
        };

        var values = EnvironmentSecrets.Values(environment).Order(StringComparer.Ordinal);

        Assert.Equal(["4711", "correct-horse", "sk-proj-0123456789"], values);
    }

    [Fact]
    public async Task A_list_with_something_other_than_names_fails_the_job_without_quoting_it()
    {
        await using var scenario = await AgentScenario.StartAsync();
        var environment = scenario.Environment("true");
        // The value pasted where its name belongs.
        environment["AGENT_SECRET_VARIABLES"] = "MODEL_KEY, sk-live-0123456789";

        var exitCode = await scenario.RunAsync(environment);

        Assert.Equal(ExitCodes.InvalidEnvironment, exitCode);
        var report = Assert.Single(scenario.Backend.Reports);
        Assert.Equal("failed", report.Status);
        Assert.Contains("AGENT_SECRET_VARIABLES", report.Error);
        Assert.Contains("entry 2 is not one", report.Error);
        Assert.DoesNotContain("sk-live", report.RawBody);
    }
}
