using System.ComponentModel.DataAnnotations;
using FeedbackFix.Clusters.Validation;
using FeedbackFix.Domain.Model;

namespace FeedbackFix.Clusters;

/// <summary>How fixes are started: section <c>Fixes</c>.</summary>
public sealed class FixOptions
{
    public const string Section = "Fixes";

    /// <summary>The repository a fix works on when neither the request nor the cluster names one.</summary>
    [GithubRepoUrl]
    public string? DefaultRepositoryUrl { get; set; }

    /// <summary>Which launcher the orchestrator uses for jobs queued by start_fix (<c>process</c>, <c>ecs</c>).</summary>
    [Required]
    [RegularExpression("^[a-z][a-z0-9-]{0,31}$", ErrorMessage = "Fixes:Launcher must be a lower-case launcher name such as 'process' or 'ecs'.")]
    public string Launcher { get; set; } = "process";
}
