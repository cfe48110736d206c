using System.Text.Json.Serialization;

namespace FeedbackFix.AgentOrchestrator.Launchers.Ecs.Model;

/// <summary>
/// The body of an ECS error answer, e.g. <c>{"__type":"ClientException","message":"..."}</c>. Some errors
/// spell it <c>Message</c>; the web JSON options read either.
/// </summary>
internal sealed record EcsErrorBody([property: JsonPropertyName("__type")] string? Type, string? Message);
