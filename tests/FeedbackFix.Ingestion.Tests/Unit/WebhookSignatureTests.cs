using System.Text;
using FeedbackFix.Ingestion.Tests.Support;
using FeedbackFix.Ingestion.Webhooks;

namespace FeedbackFix.Ingestion.Tests.Unit;

public sealed class WebhookSignatureTests
{
    // GitHub's published test vector (docs.github.com, "Validating webhook deliveries").
    private const string GitHubSecret = "It's a Secret to Everybody";
    private const string GitHubPayload = "Hello, World!";
    private const string GitHubSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void GitHubs_published_vector_is_valid()
    {
        Assert.True(WebhookSignature.IsValidGitHub(GitHubSignature, GitHubSecret, Bytes(GitHubPayload)));
    }

    [Fact]
    public void ComputeHex_gives_githubs_published_digest_in_lower_case()
    {
        Assert.Equal(GitHubSignature["sha256=".Length..], WebhookSignature.ComputeHex(GitHubSecret, Bytes(GitHubPayload)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]          // no sha256= prefix
    [InlineData("sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]     // another scheme
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e18")]   // last digit off
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e")]     // too short
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17ab")] // too long
    [InlineData("sha256=zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]   // not hex
    public void A_wrong_or_malformed_github_signature_is_refused(string? header)
    {
        Assert.False(WebhookSignature.IsValidGitHub(header, GitHubSecret, Bytes(GitHubPayload)));
    }

    [Fact]
    public void GitHubs_vector_fails_for_a_changed_body_or_secret()
    {
        Assert.False(WebhookSignature.IsValidGitHub(GitHubSignature, GitHubSecret, Bytes("Hello, World?")));
        Assert.False(WebhookSignature.IsValidGitHub(GitHubSignature, "It's a Secret to Nobody", Bytes(GitHubPayload)));
    }

    [Fact]
    public void A_sentry_signature_is_the_bare_hex_hmac_of_the_raw_body()
    {
        var body = """{"action":"created","data":{"issue":{"id":"1"}}}""";
        var signature = SignedDelivery.Hmac("client-secret", body);

        Assert.True(WebhookSignature.IsValidSentry(signature, "client-secret", Bytes(body)));
        Assert.False(WebhookSignature.IsValidSentry("sha256=" + signature, "client-secret", Bytes(body)));
        // Re-serialised JSON (a space added) is a different body: the raw bytes are what is signed.
        Assert.False(WebhookSignature.IsValidSentry(signature, "client-secret", Bytes(body.Replace(":", ": ", StringComparison.Ordinal))));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("s3cret", true)]
    [InlineData("s3cret\n", false)]
    [InlineData(" s3cret", false)]
    [InlineData("   ", false)]
    public void A_secret_is_well_formed_when_absent_or_without_surrounding_whitespace(string? secret, bool expected)
    {
        Assert.Equal(expected, WebhookSignature.IsWellFormedSecret(secret));
    }
}
