using Aspire.Hosting.ApplicationModel;

namespace FeedbackFix.EndToEnd.Tests;

/// <summary>
/// Watches a resource's console log, every instance of it (earlier lines first, then new ones), and counts the lines
/// holding a text. Start it well before the moment a test compares against, so the earlier lines
/// are in by then.
/// </summary>
public sealed class ResourceLogCounter : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watching;
    private int _count;

    public ResourceLogCounter(ResourceLoggerService logs, IEnumerable<string> instances, string text)
    {
        _watching = Task.WhenAll(instances.Select(instance => Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in logs.WatchAsync(instance).WithCancellation(_stop.Token))
                {
                    Interlocked.Add(ref _count, batch.Count(line => line.Content.Contains(text, StringComparison.Ordinal)));
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
        })));
    }

    /// <summary>How many lines holding the text were seen so far.</summary>
    public int Count => Volatile.Read(ref _count);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watching;
        _stop.Dispose();
    }
}
