using Amazon.Runtime;
using FeedbackFix.AgentOrchestrator.Launchers.Ecs;

namespace FeedbackFix.AgentOrchestrator.Tests.Ecs;

/// <summary>Fixed credentials through DI, so no test touches the process's AWS_* environment.</summary>
public sealed class StaticAwsCredentialsSource(AWSCredentials credentials) : IAwsCredentialsSource
{
    public ValueTask<AWSCredentials> GetCredentialsAsync(CancellationToken cancellationToken) => ValueTask.FromResult(credentials);
}
