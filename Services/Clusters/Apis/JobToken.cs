using System.Net.Http.Headers;

namespace FeedbackFix.Clusters.Apis;

/// <summary>Where an agent puts its job's token: <c>Authorization: Bearer</c>, or <c>X-Job-Token</c>.</summary>
internal static class JobToken
{
    public const string HeaderName = "X-Job-Token";

    public static string? From(IHeaderDictionary headers)
    {
        if (AuthenticationHeaderValue.TryParse(headers.Authorization.ToString(), out var authorization) &&
            string.Equals(authorization.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) &&
            !string.IsNullOrWhiteSpace(authorization.Parameter))
        {
            return authorization.Parameter.Trim();
        }

        var header = headers[HeaderName].ToString().Trim();
        return header.Length > 0 ? header : null;
    }
}
