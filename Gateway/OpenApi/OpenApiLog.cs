namespace FeedbackFix.Gateway.OpenApi;

/// <summary>The merged document's log messages. Nothing here carries a credential: document fetches send none.</summary>
internal sealed partial class OpenApiLog(ILogger<OpenApiLog> logger)
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Merged the OpenAPI documents of {Services} into {Operations} operations")]
    public partial void Merged(string services, int operations);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The OpenAPI document of {Service} at {Address} could not be used: {Reason}")]
    public partial void ServiceDocumentFailed(string service, Uri? address, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Services declare different {Kind} named {Name}; each service's is renamed {{service}}.{Name}")]
    public partial void ComponentSplit(string kind, string name);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Path} of {Service} is not forwarded by the gateway; left out of the document")]
    public partial void OperationNotForwarded(string service, string method, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The path item {Path} of {Service} is a $ref, which the merge does not follow; left out of the document")]
    public partial void PathItemReferenceSkipped(string service, string path);
}
