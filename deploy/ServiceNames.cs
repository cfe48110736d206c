namespace FeedbackFix.Deploy;

/// <summary>The services' names: Aspire's resource names, which are also their service-discovery host names.</summary>
public static class ServiceNames
{
    public const string Gateway = "gateway";
    public const string Ingestion = "ingestion";
    public const string Clusters = "clusters";
    public const string Clustering = "clustering";
    public const string Poller = "poller";
    public const string AgentOrchestrator = "agent-orchestrator";
    public const string Dashboard = "dashboard";
    public const string CodingAgent = "coding-agent";

    /// <summary>The long-running services, each one Fargate service.</summary>
    public static IReadOnlyList<string> Services { get; } = [Gateway, Ingestion, Clusters, Clustering, Poller, AgentOrchestrator, Dashboard];

    /// <summary>Every image the stacks expect, one ECR repository each.</summary>
    public static IReadOnlyList<string> Images { get; } = [.. Services, CodingAgent];
}
