using System.ComponentModel.DataAnnotations;

namespace FeedbackFix.Gateway.OpenApi;

/// <summary>The merged OpenAPI document the gateway serves, section "Gateway:OpenApi".</summary>
public sealed class OpenApiDocumentOptions : IValidatableObject
{
    public const string Section = "Gateway:OpenApi";

    /// <summary>
    /// How long a merged document is served before the services' documents are fetched again.
    /// Their documents change only when a service is deployed, so minutes are plenty.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00",
        ErrorMessage = "Gateway:OpenApi:CacheDuration must be between 1 second and 1 day.")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The one entry of the document's "servers": the gateway as clients reach it, e.g.
    /// "https://api.example.com". Unset: the scheme, host and path base of the request that asks
    /// for the document, which is right wherever the gateway is reached directly (development,
    /// Aspire) but not behind a proxy that terminates TLS without forwarded headers. Empty counts
    /// as unset.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>Where each proxied service serves its own document (relative to its destination address).</summary>
    [Required(ErrorMessage = "Gateway:OpenApi:ServiceDocumentPath is not set.")]
    [RegularExpression("^/.*", ErrorMessage = "Gateway:OpenApi:ServiceDocumentPath must start with '/'.")]
    public string ServiceDocumentPath { get; set; } = "/openapi/v1.json";

    /// <summary>
    /// How long fetching one service's document may take, the resilience handler's retries
    /// included, before the merged document answers 503 (someone is waiting for the page).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:01:00",
        ErrorMessage = "Gateway:OpenApi:FetchTimeout must be between 0.1 and 60 seconds.")]
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(PublicUrl) &&
            !(Uri.TryCreate(PublicUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult(
                "Gateway:OpenApi:PublicUrl must be an absolute http or https URL, e.g. https://api.example.com.",
                [nameof(PublicUrl)]);
        }
    }
}
