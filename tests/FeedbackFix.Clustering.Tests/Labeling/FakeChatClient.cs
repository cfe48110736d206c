using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace FeedbackFix.Clustering.Tests.Labeling;

/// <summary>An in-process <see cref="IChatClient"/> answering with <paramref name="respond"/>; records what it was asked (asked several things at once too).</summary>
internal sealed class FakeChatClient(Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<string>> respond) : IChatClient
{
    private readonly List<IReadOnlyList<ChatMessage>> _requests = [];

    public IReadOnlyList<IReadOnlyList<ChatMessage>> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public static FakeChatClient Answering(string text) => new((_, _) => Task.FromResult(text));

    public static FakeChatClient Throwing(Exception exception) => new((_, _) => Task.FromException<string>(exception));

    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = messages.ToList();
        lock (_requests)
        {
            _requests.Add(request);
        }
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, await respond(request, cancellationToken)));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
