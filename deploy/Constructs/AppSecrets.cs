using Amazon.CDK;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;

namespace FeedbackFix.Deploy.Constructs;

/// <summary>
/// The Secrets Manager entries the services read, one per AppHost secret parameter. Keys the
/// system chooses itself are generated; values that come from elsewhere (GitHub, Sentry, Reddit,
/// the identity provider) start as a generated placeholder for the operator to replace. None has
/// its value in the template, so a deploy never overwrites what the operator stored.
/// </summary>
public sealed class AppSecrets : Construct
{
    public AppSecrets(Construct scope, string id, DeploySettings settings) : base(scope, id)
    {
        Secret Generated(string name, string description) => new(this, Pascal(name), new SecretProps
        {
            SecretName = $"{settings.Prefix}/{name}",
            Description = description,
            GenerateSecretString = new SecretStringGenerator { PasswordLength = 48, ExcludePunctuation = true },
        });

        ApiKey = Generated("api-key", "Clients' API key (X-Api-Key): the gateway's ReadWrite key named 'default'");
        DashboardApiKey = Generated("dashboard-api-key", "The dashboard's own API key: the gateway's ReadWrite key named 'dashboard'");
        AdminKey = Generated("admin-key", "The Admin-scope key: POST /clustering/run, PUT /config/clustering");
        GitHubWebhookSecret = Generated("github-webhook-secret", "GitHub webhooks' signing secret (paste it into the repository's webhook)");
        SentryClientSecret = Generated("sentry-client-secret", "Placeholder: replace with the Sentry integration's client secret");
        GitHubToken = Generated("github-token", "Placeholder: replace with a GitHub token that may open issues and pull requests and push");
        DashboardOidcClientSecret = Generated("dashboard-oidc-client-secret", "Placeholder: replace with the dashboard's OpenID Connect client secret");
        Reddit = new Secret(this, "Reddit", new SecretProps
        {
            SecretName = $"{settings.Prefix}/reddit",
            Description = "Reddit app-only OAuth: client_id and client_secret, both set or both empty (then the public JSON)",
            // Generated rather than written in the template, so the operator's value stays until this generator itself changes.
            GenerateSecretString = new SecretStringGenerator
            {
                SecretStringTemplate = $$"""{"{{RedditClientIdField}}":"","{{RedditClientSecretField}}":""}""",
                GenerateStringKey = RedditPlaceholderField,
                ExcludePunctuation = true,
            },
        });
    }

    /// <summary>The generated field the Reddit secret starts with beside the two empty ones (a generated secret needs one); the poller ignores it.</summary>
    public const string RedditPlaceholderField = "placeholder";

    public const string RedditClientIdField = "client_id";

    public const string RedditClientSecretField = "client_secret";

    public Secret ApiKey { get; }

    public Secret DashboardApiKey { get; }

    public Secret AdminKey { get; }

    public Secret GitHubWebhookSecret { get; }

    public Secret SentryClientSecret { get; }

    public Secret GitHubToken { get; }

    public Secret DashboardOidcClientSecret { get; }

    public Secret Reddit { get; }

    private static string Pascal(string kebab) =>
        string.Concat(kebab.Split('-').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}
