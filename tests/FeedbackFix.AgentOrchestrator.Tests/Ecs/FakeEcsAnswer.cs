using System.Text.Json.Nodes;

namespace FeedbackFix.AgentOrchestrator.Tests.Ecs;

/// <summary>A scripted answer of the fake ECS.</summary>
public sealed record FakeEcsAnswer(int Status, string Body)
{
    public static FakeEcsAnswer Ok(JsonNode body) => new(200, body.ToJsonString());

    /// <summary>ECS's error shape: the type with its namespace, as the service sends it.</summary>
    public static FakeEcsAnswer Error(int status, string type, string message) =>
        new(status, new JsonObject { ["__type"] = "com.amazonaws.ecs#" + type, ["message"] = message }.ToJsonString());

    public static FakeEcsAnswer Throttled() => Error(400, "ThrottlingException", "Rate exceeded");
}
