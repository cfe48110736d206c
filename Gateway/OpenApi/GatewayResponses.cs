using System.Text.Json.Nodes;
using FeedbackFix.Contracts;
using FeedbackFix.ServiceDefaults.OpenApi;

namespace FeedbackFix.Gateway.OpenApi;

/// <summary>
/// The answers the gateway gives itself, before or instead of the service's, on the operations of
/// the merged document: 401 and 403 where the route needs a key (authentication, then the scope),
/// 429 on every operation (the request budget is spent before anything else runs, Retry-After
/// always set), and 502 and 504 on every operation (YARP could not reach the service, or it stayed
/// silent past the route's activity timeout; the status-code pages write both as problem details).
/// Worded as the operation's other problems: the problem content of its 503, which every service
/// operation describes. A status the service describes too keeps its content and gets the gateway's
/// words first, the service's after; on an admin route the gateway's words replace the service's
/// 401 and 403, since the gateway sends the admin key the service checks.
/// </summary>
internal static class GatewayResponses
{
    private const string ProblemJson = "application/problem+json";
    private const string RetryAfter = "Retry-After";

    public static void AddTo(JsonObject operation, string method, RouteAccess access)
    {
        if (operation["responses"] is not JsonObject responses)
        {
            responses = [];
            operation["responses"] = responses;
        }
        var problem = ProblemContent(responses);

        if (access != RouteAccess.Anonymous)
        {
            var replaceService = access == RouteAccess.Admin;
            Add(responses, "401", problem, Unauthorized(access), replaceService);
            if (access == RouteAccess.Admin || !string.Equals(method, "get", StringComparison.OrdinalIgnoreCase))
            {
                Add(responses, "403", problem, Forbidden(access), replaceService);
            }
        }
        Add(responses, "429", problem,
            "The gateway's request budget for this client (its API key by name, else its address) is spent; retry after Retry-After seconds.",
            replaceService: false, retryAfter: true);
        Add(responses, "502", problem,
            "The gateway could not reach the service or read its answer (the service is down, restarting, or dropped the connection).",
            replaceService: false);
        Add(responses, "504", problem,
            "The service sent nothing for longer than the gateway's activity timeout for its route.",
            replaceService: false);
    }

    private static string Unauthorized(RouteAccess access) => access == RouteAccess.Admin
        ? $"The gateway found no valid API key in {ApiHeaders.ApiKey}, or a key without Admin scope and no {ApiHeaders.AdminKey}: send an Admin-scope key, or the admin key in {ApiHeaders.AdminKey} beside any valid key. The problem says which."
        : $"The gateway found no valid API key: {ApiHeaders.ApiKey} is missing or holds a key it does not know. The problem says which header to send.";

    private static string Forbidden(RouteAccess access) => access == RouteAccess.Admin
        ? $"The gateway refused the key: it does not have Admin scope, and the {ApiHeaders.AdminKey} sent beside it is not the admin key."
        : "The gateway refused the key's scope: a Read key may only GET; this method needs a ReadWrite or Admin key.";

    private static void Add(JsonObject responses, string status, JsonObject problem, string description, bool replaceService, bool retryAfter = false)
    {
        if (responses[status] is not JsonObject response)
        {
            response = [];
            responses[status] = response;
        }
        response["description"] = replaceService || Text(response["description"]) is not { Length: > 0 } service
            ? description
            : $"{description} Past the gateway, the service's own {status}: {service}";
        if (response.ContainsKey("$ref"))
        {
            // A reference takes a description beside it, nothing else (Microsoft.AspNetCore.OpenApi writes none).
            return;
        }
        if (response["content"] is not JsonObject { Count: > 0 })
        {
            response["content"] = problem.DeepClone();
        }
        if (retryAfter)
        {
            if (response["headers"] is not JsonObject headers)
            {
                headers = [];
                response["headers"] = headers;
            }
            headers[RetryAfter] ??= new JsonObject
            {
                ["description"] = ResponseHeaders.RetryAfterDescription,
                ["required"] = true,
                ["schema"] = new JsonObject { ["type"] = "integer" },
            };
        }
    }

    /// <summary>
    /// The operation's problem-details content: its 503's, else any answer's, else a schema of
    /// RFC 9457's members (a service that describes no problem at all still gets a problem shape).
    /// </summary>
    private static JsonObject ProblemContent(JsonObject responses)
    {
        var described = ProblemOf(responses["503"])
            ?? responses.Select(response => ProblemOf(response.Value)).OfType<JsonObject>().FirstOrDefault();
        if (described is not null)
        {
            return new JsonObject { [ProblemJson] = described.DeepClone() };
        }
        var text = new JsonObject { ["type"] = new JsonArray("null", "string") };
        return new JsonObject
        {
            [ProblemJson] = new JsonObject
            {
                ["schema"] = new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject
                    {
                        ["type"] = text.DeepClone(),
                        ["title"] = text.DeepClone(),
                        ["status"] = new JsonObject { ["type"] = new JsonArray("null", "integer"), ["format"] = "int32" },
                        ["detail"] = text.DeepClone(),
                        ["instance"] = text.DeepClone(),
                    },
                },
            },
        };
    }

    private static JsonObject? ProblemOf(JsonNode? response) =>
        (response as JsonObject)?["content"] is JsonObject content ? content[ProblemJson] as JsonObject : null;

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
