namespace FeedbackFix.Gateway.Keys;

/// <summary>One named API key, <c>Gateway:ApiKeys:&lt;name&gt;</c>: the key or its SHA-256, and its scope.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The key itself; the gateway keeps only its SHA-256. Give either this or <see cref="KeyHash"/>.</summary>
    public string? Key { get; set; }

    /// <summary>The key's SHA-256 as 64 hex digits, so the key itself need not be in configuration at all.</summary>
    public string? KeyHash { get; set; }

    /// <summary>What the key may do: Read, ReadWrite (the default) or Admin.</summary>
    public ApiKeyScope Scope { get; set; } = ApiKeyScope.ReadWrite;
}
