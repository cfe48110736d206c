using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace FeedbackFix.AgentOrchestrator.Launchers.Ecs;

/// <summary>
/// AWSSDK.Core's default chain, the same every AWS SDK client uses: AWS_ACCESS_KEY_ID /
/// AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, the AWS_PROFILE (or default) profile, web identity,
/// the ECS container role, then the EC2 instance role. The resolver caches what it found and
/// notices when the environment or the credentials files change.
/// </summary>
public sealed class DefaultAwsCredentialsSource : IAwsCredentialsSource, IDisposable
{
    private readonly DefaultAWSCredentialsIdentityResolver _resolver = new();

    public async ValueTask<AWSCredentials> GetCredentialsAsync(CancellationToken cancellationToken) =>
        await _resolver.ResolveIdentityAsync(null!, cancellationToken).ConfigureAwait(false);

    public void Dispose() => _resolver.Dispose();
}
