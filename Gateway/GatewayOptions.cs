using System.ComponentModel.DataAnnotations;

namespace FeedbackFix.Gateway;

/// <summary>Settings of the gateway, section "Gateway".</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>The key every client sends as X-Api-Key (the AppHost's secret parameter "api-key").</summary>
    [Required(ErrorMessage = "Gateway:ApiKey is not set: give the AppHost parameter 'api-key' a value (Parameters:api-key).")]
    [MinLength(16, ErrorMessage = "Gateway:ApiKey must be at least 16 characters.")]
    public string ApiKey { get; set; } = "";

    /// <summary>Browser origins (a dashboard) allowed to call the API.</summary>
    public string[] CorsOrigins { get; set; } = [];

    /// <summary>Largest request body forwarded; larger ones get 413.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;
}
