using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace FeedbackFix.AgentOrchestrator.Launchers.Ecs;

/// <summary>Where and how the <c>ecs</c> launcher starts agent tasks on Fargate, section "Launchers:Ecs".</summary>
public sealed partial class EcsOptions : IValidatableObject
{
    public const string Section = "Launchers:Ecs";
    public const string DefaultContainerName = "coding-agent";
    public const string DefaultStartedBy = "feedbackfix";

    /// <summary>The AWS region the cluster lives in, e.g. <c>eu-west-1</c>; also the SigV4 signing region.</summary>
    [Required(ErrorMessage = "Launchers:Ecs:Region is not set: name the AWS region of the cluster, e.g. 'eu-west-1'.")]
    [RegularExpression(RegionPattern, ErrorMessage = "Launchers:Ecs:Region must be an AWS region name such as 'eu-west-1'.")]
    public string Region { get; set; } = "";

    /// <summary>Overrides <c>https://ecs.{Region}.amazonaws.com/</c>: a VPC endpoint, or a loopback fake in tests.</summary>
    public string? ServiceUrl { get; set; }

    [Required(ErrorMessage = "Launchers:Ecs:Cluster is not set: name the ECS cluster (name or ARN) agent tasks run in.")]
    public string Cluster { get; set; } = "";

    /// <summary>The agent's task definition: <c>family</c>, <c>family:revision</c> or its ARN.</summary>
    [Required(ErrorMessage = "Launchers:Ecs:TaskDefinition is not set: name the coding agent's task definition (family, family:revision or ARN).")]
    public string TaskDefinition { get; set; } = "";

    /// <summary>The container in the task definition that receives the agent's environment and whose exit code counts.</summary>
    [Required(ErrorMessage = "Launchers:Ecs:ContainerName is not set: name the agent's container in the task definition.")]
    public string ContainerName { get; set; } = DefaultContainerName;

    [MinLength(1, ErrorMessage = "Launchers:Ecs:Subnets needs at least one subnet id (awsvpc networking), e.g. 'subnet-0abc123'.")]
    public List<string> Subnets { get; set; } = [];

    /// <summary>Security groups for the task's network interface; the VPC's default group when empty.</summary>
    public List<string> SecurityGroups { get; set; } = [];

    /// <summary>Needed in a public subnet without a NAT gateway, so the task can pull its image and reach GitHub.</summary>
    public bool AssignPublicIp { get; set; }

    [Required(ErrorMessage = "Launchers:Ecs:StartedBy is not set.")]
    [RegularExpression(@"^[A-Za-z0-9_-]{1,36}$", ErrorMessage = "Launchers:Ecs:StartedBy must be 1 to 36 letters, digits, hyphens or underscores (ECS's limit).")]
    public string StartedBy { get; set; } = DefaultStartedBy;

    /// <summary>The Fargate platform version, e.g. <c>1.4.0</c>; ECS's LATEST when empty.</summary>
    public string? PlatformVersion { get; set; }

    /// <summary>TASK_DEFINITION copies the task definition's tags onto each task; empty leaves ECS's default (none).</summary>
    [RegularExpression("^(TASK_DEFINITION|SERVICE|NONE)$", ErrorMessage = "Launchers:Ecs:PropagateTags must be TASK_DEFINITION, SERVICE or NONE when set.")]
    public string? PropagateTags { get; set; }

    /// <summary>Extra tags on every task (cost allocation, ownership), beside the feedbackfix:* tags the launcher sets.</summary>
    public Dictionary<string, string> Tags { get; set; } = [];

    /// <summary>Attempts per ECS call; throttling, 5xx and network errors are retried.</summary>
    [Range(1, 10, ErrorMessage = "Launchers:Ecs:MaxAttempts must be between 1 and 10.")]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How long one ECS call may take before it is abandoned and, attempts remaining, tried again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "Launchers:Ecs:AttemptTimeout must be between 1 second and 5 minutes.")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First back-off after throttling or a 5xx, doubled each attempt with jitter (not bound; tests shorten it).</summary>
    internal TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest single back-off (not bound).</summary>
    internal TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(20);

    private const string RegionPattern = @"^[a-z]{2}(-[a-z]+)+-\d+$";

    /// <summary>The ECS JSON endpoint, with a trailing slash: requests are POSTed to its root.</summary>
    public Uri ResolveEndpoint() => string.IsNullOrWhiteSpace(ServiceUrl)
        ? new Uri($"https://ecs.{Region}.{(Region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com")}/")
        : new Uri(ServiceUrl.TrimEnd('/') + "/");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // An empty value (an AppHost parameter left blank) means the default endpoint, like a missing one.
        if (!string.IsNullOrWhiteSpace(ServiceUrl)
            && !(Uri.TryCreate(ServiceUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)))
        {
            yield return new ValidationResult("Launchers:Ecs:ServiceUrl must be an absolute http(s) URL when set.", [nameof(ServiceUrl)]);
        }
        if (Subnets.Any(string.IsNullOrWhiteSpace))
        {
            yield return new ValidationResult("Launchers:Ecs:Subnets has an empty entry.", [nameof(Subnets)]);
        }
        if (SecurityGroups.Any(string.IsNullOrWhiteSpace))
        {
            yield return new ValidationResult("Launchers:Ecs:SecurityGroups has an empty entry.", [nameof(SecurityGroups)]);
        }
        foreach (var key in Tags.Keys.Where(key => !TagKeyPattern().IsMatch(key) || key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase) || key.StartsWith(EcsLauncher.TagPrefix, StringComparison.Ordinal)))
        {
            yield return new ValidationResult(
                $"Launchers:Ecs:Tags:{key} is not a usable tag key: 1 to 128 characters, not starting with 'aws:' (AWS's) or '{EcsLauncher.TagPrefix}' (the launcher's own).",
                [nameof(Tags)]);
        }
        foreach (var (key, value) in Tags.Where(tag => tag.Value.Length > 256))
        {
            yield return new ValidationResult($"Launchers:Ecs:Tags:{key} has a value longer than 256 characters.", [nameof(Tags)]);
        }
    }

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$")]
    private static partial Regex TagKeyPattern();
}
