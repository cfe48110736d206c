namespace FeedbackFix.Gateway.OpenApi;

/// <summary>What a gateway route asks of a caller, from its authorization policy.</summary>
internal enum RouteAccess
{
    /// <summary>"anonymous": nothing; the service checks its own proof (a signature, a job token).</summary>
    Anonymous,

    /// <summary>No policy: an API key whose scope allows the method.</summary>
    ApiKey,

    /// <summary>"admin": an Admin-scope key, or any key with the admin key in X-Admin-Key.</summary>
    Admin,
}
