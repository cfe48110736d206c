using FeedbackFix.CodingAgent.Git;
using FeedbackFix.CodingAgent.Tests.Support;
using FeedbackFix.TestSupport;

namespace FeedbackFix.CodingAgent.Tests;

/// <summary>
/// GitHub runs workflows with the repository's secrets, and feedback text can steer the command:
/// the agent pushes nothing that changes .github/workflows/, and says why.
/// </summary>
public sealed class WorkflowPushTests
{
    [Fact]
    public async Task A_command_that_adds_a_workflow_pushes_nothing_and_the_job_fails_naming_the_file()
    {
        await using var scenario = await AgentScenario.StartAsync();
        var command = """
            mkdir -p .github/workflows
            printf 'on: push\njobs: {}\n' > .github/workflows/exfiltrate.yml
            echo fix >> README.md
            """;

        var exitCode = await scenario.RunAsync(scenario.Environment(command));

        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.Equal(["main"], scenario.Remote.Branches());
        Assert.Empty(scenario.GitHub.PullRequests);
        var last = scenario.Backend.Reports[^1];
        Assert.Equal("failed", last.Status);
        Assert.Contains("not pushed", last.Error);
        Assert.Contains(".github/workflows/exfiltrate.yml", last.Error);
        Assert.Contains("left to a person", last.Error);
        Assert.DoesNotContain("README.md", last.Error);
    }

    [Fact]
    public async Task A_workflow_the_command_committed_and_removed_again_still_keeps_its_commits_from_being_pushed()
    {
        await using var scenario = await AgentScenario.StartAsync();
        var command = """
            export GIT_AUTHOR_NAME=x GIT_AUTHOR_EMAIL=x@example.com GIT_COMMITTER_NAME=x GIT_COMMITTER_EMAIL=x@example.com
            mkdir -p .github/workflows
            echo 'on: push' > .github/workflows/once.yml
            git add -A && git commit --quiet -m 'add'
            git rm --quiet .github/workflows/once.yml && git commit --quiet -m 'remove'
            echo fix >> README.md
            """;

        var exitCode = await scenario.RunAsync(scenario.Environment(command));

        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.Equal(["main"], scenario.Remote.Branches());
        Assert.Contains(".github/workflows/once.yml", scenario.Backend.Reports[^1].Error);
    }

    [Fact]
    public async Task A_workflow_hidden_in_the_clone_by_a_replace_ref_is_seen_in_what_would_be_pushed()
    {
        await using var scenario = await AgentScenario.StartAsync();
        // In the clone HEAD looks like the harmless commit; the push would carry the real one.
        var command = """
            export GIT_AUTHOR_NAME=x GIT_AUTHOR_EMAIL=x@example.com GIT_COMMITTER_NAME=x GIT_COMMITTER_EMAIL=x@example.com
            echo fix >> README.md && git commit --quiet -am 'harmless'
            harmless=$(git rev-parse HEAD)
            mkdir -p .github/workflows && echo 'on: push' > .github/workflows/hidden.yml
            git add -A && git commit --quiet -m 'hidden'
            git replace HEAD "$harmless"
            """;

        var exitCode = await scenario.RunAsync(scenario.Environment(command));

        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.Equal(["main"], scenario.Remote.Branches());
        Assert.Contains(".github/workflows/hidden.yml", scenario.Backend.Reports[^1].Error);
    }

    [Fact]
    public async Task A_command_that_deletes_a_workflow_pushes_nothing()
    {
        await using var scenario = await AgentScenario.StartAsync();
        SeedWorkflow(scenario.Remote, "security-scan.yml");

        var exitCode = await scenario.RunAsync(scenario.Environment("rm .github/workflows/security-scan.yml; echo fix >> README.md"));

        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.Equal(["main"], scenario.Remote.Branches());
        Assert.Contains(".github/workflows/security-scan.yml", scenario.Backend.Reports[^1].Error);
    }

    [Fact]
    public async Task A_command_that_changes_ordinary_files_still_pushes_and_opens_the_pull_request()
    {
        await using var scenario = await AgentScenario.StartAsync();
        SeedWorkflow(scenario.Remote, "ci.yml");
        // Near misses: other files under .github, a folder named workflows elsewhere.
        var command = """
            echo fix >> README.md
            mkdir -p .github/ISSUE_TEMPLATE src/workflows
            echo 'name: Bug' > .github/ISSUE_TEMPLATE/bug.md
            echo 'steps: []' > src/workflows/import.yml
            """;

        var exitCode = await scenario.RunAsync(scenario.Environment(command));

        Assert.Equal(ExitCodes.Succeeded, exitCode);
        Assert.Contains(scenario.Branch, scenario.Remote.Branches());
        Assert.Contains("fix", scenario.Remote.Show(scenario.Branch, "README.md"));
        Assert.Contains("src/workflows/import.yml", scenario.Remote.Files(scenario.Branch));
        Assert.Single(scenario.GitHub.PullRequests);
        Assert.Equal("succeeded", scenario.Backend.Reports[^1].Status);
    }

    [Theory]
    [InlineData(".github/workflows/ci.yml", true)]
    [InlineData(".github/workflows/nested/reusable.yaml", true)]
    [InlineData(".GitHub/Workflows/ci.yml", true)]
    [InlineData(".github/workflows", true)]   // the folder replaced by a symbolic link or a submodule
    [InlineData(".github/actions/setup/action.yml", true)]   // a local action a workflow runs by path
    [InlineData(".github/actions", true)]
    [InlineData(".github", true)]
    [InlineData(".github/dependabot.yml", false)]
    [InlineData(".github/workflows-notes.md", false)]
    [InlineData("docs/.github/workflows/ci.yml", false)]
    [InlineData("src/workflows/import.yml", false)]
    public void Workflow_paths_are_told_from_ordinary_ones(string path, bool isWorkflow)
    {
        Assert.Equal(isWorkflow, WorkflowFiles.Among([path]).Count == 1);
    }

    [Fact]
    public void The_refusal_names_ten_files_at_most_and_counts_the_rest()
    {
        var workflows = Enumerable.Range(1, 13).Select(n => $".github/workflows/w{n:00}.yml").ToList();

        var refusal = WorkflowFiles.Refusal(workflows);

        Assert.Contains(".github/workflows/w10.yml and 3 more", refusal);
        Assert.DoesNotContain("w11", refusal);
    }

    [Fact]
    public void A_line_break_in_a_file_name_does_not_split_the_refusal()
    {
        var refusal = WorkflowFiles.Refusal([".github/workflows/a\nb.yml"]);

        Assert.Contains(".github/workflows/a?b.yml", refusal);
        Assert.DoesNotContain('\n', refusal);
    }

    /// <summary>A second commit on main with a workflow, as a repository that has CI would have.</summary>
    private static void SeedWorkflow(GitRemote remote, string name)
    {
        var work = Directory.CreateTempSubdirectory("feedbackfix-seed-");
        try
        {
            GitCli.Run(work.FullName, "clone", "--quiet", remote.BareDirectory, ".");
            Directory.CreateDirectory(Path.Combine(work.FullName, ".github", "workflows"));
            File.WriteAllText(Path.Combine(work.FullName, ".github", "workflows", name), "on: push\n");
            GitCli.Run(work.FullName, "add", "--all");
            GitCli.Run(work.FullName, "commit", "--quiet", "--message", "Add CI");
            GitCli.Run(work.FullName, "push", "--quiet", "origin", "main");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
