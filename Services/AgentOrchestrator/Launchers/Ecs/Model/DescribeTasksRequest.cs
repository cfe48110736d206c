namespace FeedbackFix.AgentOrchestrator.Launchers.Ecs.Model;

public sealed record DescribeTasksRequest(string Cluster, IReadOnlyList<string> Tasks);
