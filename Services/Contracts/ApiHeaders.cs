namespace FeedbackFix.Contracts;

/// <summary>The request headers that carry a client's credentials.</summary>
public static class ApiHeaders
{
    /// <summary>A client's API key, checked at the gateway.</summary>
    public const string ApiKey = "X-Api-Key";

    /// <summary>The admin key, checked by the service that owns an admin endpoint, besides the API key.</summary>
    public const string AdminKey = "X-Admin-Key";

    /// <summary>A job's own token, when <c>Authorization: Bearer</c> cannot be used.</summary>
    public const string JobToken = "X-Job-Token";

    /// <summary>
    /// The API key's name, set by the gateway on every forwarded request (a client's own value is
    /// dropped), so a service can say who acted.
    /// </summary>
    public const string Caller = "X-FeedbackFix-Caller";

    /// <summary>The signed-in person a client (the dashboard) acts for, under its own key.</summary>
    public const string OnBehalfOf = "X-FeedbackFix-On-Behalf-Of";
}
