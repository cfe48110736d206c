using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FeedbackFix.Bench.Processes;

namespace FeedbackFix.Bench.Pipeline;

/// <summary>
/// An OpenAI-compatible chat model on a free loopback port that answers every
/// <c>POST /v1/chat/completions</c> after a fixed delay, as a slow model would, in the wire format the
/// service's OpenAI client reads; for measuring what a slow model costs clustering (<c>--model-delay</c>).
/// </summary>
internal sealed class SlowChatModel : IAsyncDisposable
{
    private const string Answer = "Title: A theme the model named\nSummary: What the reports in this cluster describe.";

    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _delay;
    private readonly Task _serving;
    private int _answered;

    private SlowChatModel(TimeSpan delay)
    {
        _delay = delay;
        var port = FreePort.Next();
        Endpoint = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/v1";
        _listener.Prefixes.Add($"{Endpoint}/");
        _listener.Start();
        _serving = ServeAsync();
    }

    /// <summary>The base address with its version segment, as <c>Clustering:Labeling:Llm:Endpoint</c> takes it.</summary>
    public string Endpoint { get; }

    public int Answered => Volatile.Read(ref _answered);

    public static SlowChatModel Start(TimeSpan delay) => new(delay);

    /// <summary>The clustering service's settings that point it at this model.</summary>
    public IEnumerable<KeyValuePair<string, string>> ServiceEnvironment() =>
    [
        new("Clustering__Labeling__Llm__Enabled", "true"),
        new("Clustering__Labeling__Llm__Endpoint", Endpoint),
        new("Clustering__Labeling__Llm__Model", "slow-bench-model"),
        new("Clustering__Labeling__Llm__ApiKey", "bench"),
    ];

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            await Task.Delay(_delay, _stop.Token);
            var body = new JsonObject
            {
                ["id"] = "chatcmpl-bench",
                ["object"] = "chat.completion",
                ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["model"] = "slow-bench-model",
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = Answer },
                    ["finish_reason"] = "stop",
                }),
            }.ToJsonString();
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes, _stop.Token);
            context.Response.Close();
            Interlocked.Increment(ref _answered);
        }
        catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException or IOException)
        {
            // The run is over, or the service gave up on the call.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _listener.Close();
        await _serving;
        _stop.Dispose();
    }
}
