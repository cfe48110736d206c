namespace FeedbackFix.Gateway.Keys;

internal static partial class ApiKeyLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "API key {ApiKeyName} with scope {ApiKeyScope} refused for {Method} {Path}")]
    public static partial void ScopeRefused(ILogger logger, string apiKeyName, ApiKeyScope apiKeyScope, string method, PathString path);
}
