using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FeedbackFix.Clustering.Tests.Embedding;

/// <summary>
/// A loopback stand-in for an OpenAI-compatible server: <c>POST /v1/embeddings</c> in the real wire
/// format (float arrays, or base64 little-endian float32 when the client asks for it), bearer-key
/// checked, with OpenAI's error body on a bad key. Each text's vector is [length, 1, 2, ...].
/// </summary>
public sealed class FakeOpenAIServer : IAsyncLifetime
{
    public const string Key = "sk-test-key";
    private const int NativeDimensions = 6;
    private WebApplication? _app;

    public ConcurrentQueue<EmbeddingsRequest> Requests { get; } = new();

    /// <summary>The base address a client is configured with, including <c>/v1</c>.</summary>
    public Uri Endpoint { get; private set; } = new("http://127.0.0.1/");

    public static float[] VectorFor(string text, int dimensions) =>
        [.. Enumerable.Range(0, dimensions).Select(i => i == 0 ? text.Length : (float)i)];

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/v1/embeddings", (Func<HttpContext, Task<IResult>>)HandleAsync);
        await _app.StartAsync();
        Endpoint = new Uri(_app.Urls.Single() + "/v1");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body) ?? new JsonObject();
        var inputs = body["input"] switch
        {
            JsonArray array => array.Select(n => n!.GetValue<string>()).ToArray(),
            JsonValue value => [value.GetValue<string>()],
            _ => [],
        };
        var request = new EmbeddingsRequest(
            context.Request.Headers.Authorization.ToString(),
            body["model"]?.GetValue<string>(),
            inputs,
            body["dimensions"]?.GetValue<int>(),
            body["encoding_format"]?.GetValue<string>());
        Requests.Enqueue(request);

        if (request.Authorization != $"Bearer {Key}")
        {
            return Results.Json(
                new { error = new { message = "Incorrect API key provided.", type = "invalid_request_error", param = (string?)null, code = "invalid_api_key" } },
                statusCode: StatusCodes.Status401Unauthorized);
        }

        var dimensions = request.Dimensions ?? NativeDimensions;
        var data = inputs.Select((text, index) =>
        {
            var vector = VectorFor(text, dimensions);
            object embedding = request.EncodingFormat == "base64"
                ? Convert.ToBase64String(vector.SelectMany(BitConverter.GetBytes).ToArray())
                : vector;
            return new { @object = "embedding", index, embedding };
        });
        var tokens = inputs.Sum(t => t.Length / 4 + 1);
        return Results.Json(new
        {
            @object = "list",
            data,
            model = request.Model,
            usage = new { prompt_tokens = tokens, total_tokens = tokens },
        }, JsonSerializerOptions.Web);
    }
}

public sealed record EmbeddingsRequest(string Authorization, string? Model, string[] Inputs, int? Dimensions, string? EncodingFormat);
