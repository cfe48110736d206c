using System.Text;
using FeedbackFix.GitHub;

namespace FeedbackFix.CodingAgent.Command;

/// <summary>
/// The task handed to the agent command: the issue (title, link, body), the instructions of whoever
/// started the fix under a heading of their own, and where the issue came from.
/// </summary>
internal static class AgentPrompt
{
    public const string InstructionsHeading = "## Instructions from the person who started this fix";

    public static string Build(GitHubIssueRef issue, string title, string? body, GitHubRepository repository, string clusterId, string? instructions = null)
    {
        var text = new StringBuilder()
            .AppendLine($"Fix GitHub issue #{issue.Number} in the repository {repository}.")
            .AppendLine()
            .AppendLine($"Issue: {title}")
            .AppendLine($"URL: {issue.WebUrl}")
            .AppendLine()
            .AppendLine(string.IsNullOrWhiteSpace(body) ? "(The issue has no description.)" : body.Trim())
            .AppendLine();
        if (!string.IsNullOrWhiteSpace(instructions))
        {
            text.AppendLine(InstructionsHeading)
                .AppendLine()
                .AppendLine(instructions.Trim())
                .AppendLine();
        }
        text.AppendLine($"The issue was written from user feedback that FeedbackFix grouped as cluster {clusterId}.")
            .AppendLine("You are in a clone of the repository on a fresh branch. Change the files so the issue is fixed;")
            .AppendLine("commit or not, as you like: everything left in the working tree is committed, pushed and")
            .AppendLine("opened as a pull request after you finish. Do not push. Leave the tree unchanged if no change is needed.");
        return text.ToString();
    }
}
