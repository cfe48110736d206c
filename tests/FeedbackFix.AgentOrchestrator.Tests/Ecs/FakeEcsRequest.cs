using System.Text.Json;

namespace FeedbackFix.AgentOrchestrator.Tests.Ecs;

/// <summary>One request the fake ECS received: the operation from X-Amz-Target, its JSON body, its headers and the status it got.</summary>
public sealed record FakeEcsRequest(string Operation, JsonElement Body, IReadOnlyDictionary<string, string> Headers, int Status);
