using System.ComponentModel.DataAnnotations;

namespace FeedbackFix.AgentOrchestrator.Launchers.Process;

/// <summary>How the <c>process</c> launcher starts the coding agent on this machine: section <c>Launchers:Process</c>.</summary>
public sealed class ProcessLauncherOptions
{
    public const string Section = "Launchers:Process";

    /// <summary>The program to start; <c>dotnet</c> with the agent's assembly as the first argument by default.</summary>
    [Required(ErrorMessage = "Launchers:Process:Command is not set: name the program that runs the coding agent.")]
    public string Command { get; set; } = "dotnet";

    /// <summary>Its arguments, e.g. the path of FeedbackFix.CodingAgent.dll (the AppHost fills this in).</summary>
    public List<string> Arguments { get; set; } = [];

    /// <summary>How long a stopped agent may take to end its command and report before it is killed.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(10);
}
