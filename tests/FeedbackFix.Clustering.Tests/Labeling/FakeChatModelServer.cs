using System.Text.Json.Nodes;
using FeedbackFix.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FeedbackFix.Clustering.Tests.Labeling;

/// <summary>
/// An OpenAI-compatible chat model on a loopback port (<c>POST /v1/chat/completions</c>, the wire
/// format the OpenAI client reads), so the service's real client is exercised. Every question waits
/// until the test <see cref="Release"/>s an answer, then all are answered with it; <see cref="Asked"/>
/// signals the first question. The bearer key must be the one given.
/// </summary>
internal sealed class FakeChatModelServer : IAsyncDisposable
{
    private WebApplication _app = null!;
    private readonly string _apiKey;
    private readonly TaskCompletionSource<string> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _asked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _prompts = [];

    private FakeChatModelServer(string apiKey)
    {
        _apiKey = apiKey;
    }

    /// <summary>The base address with its version segment, as <c>Clustering:Labeling:Llm:Endpoint</c> takes it.</summary>
    public string Endpoint { get; private set; } = "";

    public Task Asked => _asked.Task;

    /// <summary>The last message of every question received, in order.</summary>
    public IReadOnlyList<string> Prompts
    {
        get
        {
            lock (_prompts)
            {
                return [.. _prompts];
            }
        }
    }

    public static async Task<FakeChatModelServer> StartAsync(string apiKey)
    {
        var server = new FakeChatModelServer(apiKey);
        (server._app, var address) = await LoopbackServer.StartAsync(app => app.MapPost("/v1/chat/completions", (Delegate)server.CompleteAsync));
        server.Endpoint = new Uri(address, "v1").AbsoluteUri;
        return server;
    }

    /// <summary>Answers every question, waiting and to come, with <paramref name="content"/>.</summary>
    public void Release(string content) => _answer.TrySetResult(content);

    private async Task<IResult> CompleteAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString() != $"Bearer {_apiKey}")
        {
            return Results.Json(new { error = new { message = "Incorrect API key provided.", type = "invalid_request_error" } }, statusCode: 401);
        }

        var request = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var messages = request?["messages"]?.AsArray() ?? [];
        lock (_prompts)
        {
            _prompts.Add(messages.LastOrDefault()?["content"]?.ToString() ?? "");
        }
        _asked.TrySetResult();
        var content = await _answer.Task.WaitAsync(context.RequestAborted);
        var answer = new JsonObject
        {
            ["id"] = "chatcmpl-fake",
            ["object"] = "chat.completion",
            ["created"] = 1_767_225_600,
            ["model"] = request?["model"]?.ToString() ?? "",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 100, ["completion_tokens"] = 20, ["total_tokens"] = 120 },
        };
        return Results.Text(answer.ToJsonString(), "application/json");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
