using FeedbackFix.Contracts;
using FeedbackFix.Domain.Stores;

namespace FeedbackFix.Clusters.Curation;

/// <summary>
/// Who a curation request comes from: the API key's name the gateway forwards (it drops whatever a
/// client sent under that header), or the person the dashboard acts for under its own key.
/// </summary>
public static class CallerActor
{
    /// <summary>Who acted when the request did not come through the gateway.</summary>
    public const string Unknown = "unknown";

    private const int MaxNameLength = 100;

    public static Actor From(HttpRequest request)
    {
        var key = Clean(request.Headers[ApiHeaders.Caller].ToString()) ?? Unknown;
        return Clean(request.Headers[ApiHeaders.OnBehalfOf].ToString()) is { } person ? new Actor(person, key) : new Actor(key);
    }

    // A name shown in the activity list: trimmed, bounded, and without control characters.
    private static string? Clean(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0 || trimmed.Any(char.IsControl))
        {
            return null;
        }
        return trimmed.Length <= MaxNameLength ? trimmed : trimmed[..MaxNameLength];
    }
}
