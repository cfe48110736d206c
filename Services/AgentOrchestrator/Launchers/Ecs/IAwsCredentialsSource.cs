using Amazon.Runtime;

namespace FeedbackFix.AgentOrchestrator.Launchers.Ecs;

/// <summary>
/// Where the ECS client gets the AWS credentials it signs with. Asked before every attempt, so
/// temporary credentials (a task or instance role, SSO) are refreshed by their provider, not cached here.
/// </summary>
public interface IAwsCredentialsSource
{
    ValueTask<AWSCredentials> GetCredentialsAsync(CancellationToken cancellationToken);
}
