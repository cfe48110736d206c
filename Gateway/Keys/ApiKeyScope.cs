namespace FeedbackFix.Gateway.Keys;

/// <summary>What an API key may do at the gateway; each scope includes the ones before it.</summary>
public enum ApiKeyScope
{
    /// <summary>GET and HEAD only.</summary>
    Read = 0,

    /// <summary>Every method on every route except the admin routes.</summary>
    ReadWrite = 1,

    /// <summary>Everything, the admin routes (<c>POST /clustering/run</c>) included.</summary>
    Admin = 2,
}
