using Amazon.Runtime;
using FeedbackFix.AgentOrchestrator.Launchers.Ecs;

namespace FeedbackFix.AgentOrchestrator.Tests.Ecs;

/// <summary>What the SDK's default chain does on a machine with no AWS credentials at all.</summary>
public sealed class UnavailableAwsCredentialsSource : IAwsCredentialsSource
{
    public ValueTask<AWSCredentials> GetCredentialsAsync(CancellationToken cancellationToken) =>
        throw new AmazonClientException("Failed to resolve AWS credentials.");
}
