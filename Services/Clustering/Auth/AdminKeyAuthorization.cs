using FeedbackFix.Contracts;
using FeedbackFix.ServiceDefaults.Authentication;
using FeedbackFix.ServiceDefaults.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace FeedbackFix.Clustering.Auth;

/// <summary>
/// The admin key (<c>X-Admin-Key</c>, setting Clustering:AdminKey) as an authentication scheme and
/// the policy admin endpoints require. It comes on top of the API key the gateway checked, so a
/// wrong admin key is 403 (a caller known, not allowed) and a missing one 401.
/// </summary>
public static class AdminKeyAuthorization
{
    public const string Scheme = "AdminKey";
    public const string Policy = "admin";

    /// <summary>How the API description shows it.</summary>
    public static ApiCredential Credential { get; } = new(Policy, Scheme, new OpenApiSecurityScheme
    {
        Type = SecuritySchemeType.ApiKey,
        In = ParameterLocation.Header,
        Name = ApiHeaders.AdminKey,
        Description = "The admin key (AppHost parameter admin-key), sent besides the API key.",
    });

    public static IServiceCollection AddAdminKeyAuthorization(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddKey(Scheme, key =>
            {
                key.HeaderName = ApiHeaders.AdminKey;
                key.CallerName = "admin";
                key.WrongKeyStatus = StatusCodes.Status403Forbidden;
                key.MissingKeyDetail = $"This endpoint needs the admin key in the {ApiHeaders.AdminKey} header.";
                key.WrongKeyDetail = key.MissingKeyDetail;
            });
        services.AddOptions<KeyAuthenticationOptions>(Scheme)
            .Configure<IOptions<ClusteringOptions>>((key, clustering) => key.Key = clustering.Value.AdminKey);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        return services;
    }
}
