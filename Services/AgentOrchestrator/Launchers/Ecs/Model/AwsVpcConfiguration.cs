namespace FeedbackFix.AgentOrchestrator.Launchers.Ecs.Model;

/// <summary><see cref="AssignPublicIp"/> is ENABLED or DISABLED.</summary>
public sealed record AwsVpcConfiguration(IReadOnlyList<string> Subnets, IReadOnlyList<string> SecurityGroups, string AssignPublicIp);
