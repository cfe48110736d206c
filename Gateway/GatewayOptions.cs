using System.ComponentModel.DataAnnotations;
using System.Globalization;
using FeedbackFix.Gateway.Keys;

namespace FeedbackFix.Gateway;

/// <summary>Settings of the gateway, section "Gateway".</summary>
public sealed class GatewayOptions : IValidatableObject
{
    public const string Section = "Gateway";
    private const int MinimumKeyLength = 16;

    /// <summary>
    /// The single key of before named keys: still accepted, as a ReadWrite key named "default".
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Named API keys (<c>Gateway:ApiKeys:&lt;name&gt;:Key</c> or <c>:KeyHash</c>, and <c>:Scope</c>); each has its own request budget.</summary>
    public Dictionary<string, ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>
    /// The admin key (AppHost parameter "admin-key", the clustering service's Clustering:AdminKey): an
    /// Admin-scope key named "admin", and as X-Admin-Key it raises any API key to Admin. The gateway
    /// sends it to the services as X-Admin-Key for requests with Admin scope.
    /// </summary>
    public string? AdminKey { get; set; }

    /// <summary>Browser origins (a dashboard) allowed to call the API.</summary>
    public string[] CorsOrigins { get; set; } = [];

    /// <summary>Largest request body forwarded; larger ones get 413.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(ApiKey) && ApiKeys.Count == 0)
        {
            yield return new ValidationResult(
                "No API key is configured: set Gateway:ApiKeys:<name>:Key (AppHost parameters 'api-key' and 'dashboard-api-key') or Gateway:ApiKey.",
                [nameof(ApiKey)]);
        }
        if (ApiKey is { Length: > 0 and < MinimumKeyLength })
        {
            yield return new ValidationResult($"Gateway:ApiKey must be at least {MinimumKeyLength} characters.", [nameof(ApiKey)]);
        }
        if (AdminKey is { Length: > 0 and < MinimumKeyLength })
        {
            yield return new ValidationResult($"Gateway:AdminKey must be at least {MinimumKeyLength} characters.", [nameof(AdminKey)]);
        }
        foreach (var (name, key) in ApiKeys)
        {
            foreach (var problem in Problems(name, key))
            {
                yield return new ValidationResult(problem, [nameof(ApiKeys)]);
            }
        }
        if (!string.IsNullOrEmpty(ApiKey) && ApiKeys.ContainsKey(ApiKeyRing.LegacyKeyName))
        {
            yield return new ValidationResult(
                $"Gateway:ApiKey is the key named '{ApiKeyRing.LegacyKeyName}', and Gateway:ApiKeys:{ApiKeyRing.LegacyKeyName} names another: set one of them.", [nameof(ApiKey)]);
        }
        if (!string.IsNullOrEmpty(AdminKey) && ApiKeys.ContainsKey(ApiKeyRing.AdminKeyName))
        {
            yield return new ValidationResult(
                $"Gateway:AdminKey is the key named '{ApiKeyRing.AdminKeyName}', and Gateway:ApiKeys:{ApiKeyRing.AdminKeyName} names another: rename it.", [nameof(ApiKeys)]);
        }
        if (string.IsNullOrEmpty(AdminKey) && ApiKeys.Any(pair => pair.Value.Scope == ApiKeyScope.Admin))
        {
            yield return new ValidationResult(
                "A key with Scope Admin needs Gateway:AdminKey (AppHost parameter 'admin-key'): the gateway vouches for it to the services with that key.", [nameof(AdminKey)]);
        }
    }

    private static IEnumerable<string> Problems(string name, ApiKeyOptions key)
    {
        var setting = $"Gateway:ApiKeys:{name}";
        var hasKey = !string.IsNullOrEmpty(key.Key);
        var hasHash = !string.IsNullOrEmpty(key.KeyHash);
        if (hasKey == hasHash)
        {
            yield return $"{setting} needs exactly one of Key and KeyHash.";
        }
        if (hasKey && key.Key!.Length < MinimumKeyLength)
        {
            yield return $"{setting}:Key must be at least {MinimumKeyLength} characters.";
        }
        if (hasHash && (key.KeyHash!.Length != 64 || !key.KeyHash.All(char.IsAsciiHexDigit)))
        {
            yield return $"{setting}:KeyHash must be the key's SHA-256 as 64 hex digits.";
        }
        if (!Enum.IsDefined(key.Scope))
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{setting}:Scope must be Read, ReadWrite or Admin.");
        }
    }
}
