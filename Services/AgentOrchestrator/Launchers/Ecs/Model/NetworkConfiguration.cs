namespace FeedbackFix.AgentOrchestrator.Launchers.Ecs.Model;

public sealed record NetworkConfiguration(AwsVpcConfiguration AwsvpcConfiguration);
