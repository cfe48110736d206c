using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace FeedbackFix.AgentOrchestrator.Launchers.Ecs;

/// <summary>
/// Signs an <see cref="HttpRequestMessage"/> with SigV4 through AWSSDK.Core's own signer
/// (<see cref="AWSSigV4Signer"/>), which takes a neutral description of the request and hands back
/// the headers to add. The signature covers a timestamp, so every attempt is signed afresh.
/// </summary>
public sealed class AwsRequestSigner(IAwsCredentialsSource credentials, TimeProvider timeProvider)
{
    /// <summary>
    /// Adds Authorization, X-Amz-Date, X-Amz-Content-SHA256 and (with session credentials)
    /// X-Amz-Security-Token. <paramref name="body"/> must be the exact bytes the content will send;
    /// every header already on the message and its content is signed, so set them all first.
    /// </summary>
    public async Task SignAsync(HttpRequestMessage message, byte[] body, string region, string service, CancellationToken cancellationToken)
    {
        var signing = new AWSSigningRequest { HttpMethod = message.Method, RequestUri = message.RequestUri, Content = body };
        foreach (var (name, values) in message.Headers.Concat(message.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
        {
            signing.Headers[name] = string.Join(",", values.Select(value => value.Trim()));
        }

        AWSCredentials identity;
        try
        {
            identity = await credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonClientException e)
        {
            throw new EcsException("Sign", null, "CredentialsNotFound",
                $"no AWS credentials could be resolved ({e.Message}); give the orchestrator a role or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY", isTransient: false, e);
        }

        var result = await AWSSigV4Signer.SignAsync(signing, new AWSSigV4Parameters
        {
            Credentials = identity,
            Region = RegionEndpoint.GetBySystemName(region),
            Service = service,
            SignedAt = timeProvider.GetUtcNow().UtcDateTime,
        }, cancellationToken).ConfigureAwait(false);

        foreach (var (name, value) in result.Headers)
        {
            message.Headers.Remove(name);
            message.Headers.TryAddWithoutValidation(name, value);
        }
    }
}
