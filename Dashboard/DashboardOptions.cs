using System.ComponentModel.DataAnnotations;

namespace FeedbackFix.Dashboard;

/// <summary>Settings of the dashboard, section "Dashboard".</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>Where the API is: the gateway, by its service-discovery name.</summary>
    [Required]
    public Uri GatewayUrl { get; set; } = new("http://gateway");

    /// <summary>The key the dashboard sends as X-Api-Key, on the server side only (the AppHost parameter "dashboard-api-key", its own key with its own request budget).</summary>
    [Required(ErrorMessage = "Dashboard:ApiKey is not set: give the AppHost parameter 'dashboard-api-key' a value (Parameters:dashboard-api-key).")]
    [MinLength(16, ErrorMessage = "Dashboard:ApiKey must be at least 16 characters.")]
    public string ApiKey { get; set; } = "";

    /// <summary>How often live lists (the inbox, a running job's page) ask the API again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);
}
