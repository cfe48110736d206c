using System.Net;

namespace FeedbackFix.AgentOrchestrator.Launchers.Ecs;

/// <summary>
/// An ECS call that did not succeed. <see cref="ErrorType"/> is ECS's <c>__type</c> without its
/// namespace (ClientException, ThrottlingException, ...) or ours for what never got an answer
/// (Unreachable, Timeout). <see cref="IsTransient"/>: throttling, 5xx and the network, where a later
/// try can succeed; everything else needs a person.
/// </summary>
public sealed class EcsException(string operation, HttpStatusCode? statusCode, string errorType, string errorMessage, bool isTransient, Exception? inner = null)
    : Exception($"{errorType}: {errorMessage}", inner)
{
    public string Operation { get; } = operation;

    public HttpStatusCode? StatusCode { get; } = statusCode;

    public string ErrorType { get; } = errorType;

    public string ErrorMessage { get; } = errorMessage;

    public bool IsTransient { get; } = isTransient;
}
