using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FeedbackFix.Gateway.Tests;

/// <summary>Every log record the gateway writes, with its message and the values of the scopes around it.</summary>
public sealed class LogCollector : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<CollectedLog> Records { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Collecting(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Collecting(LogCollector collector, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => collector._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<KeyValuePair<string, string>>();
            collector._scopes.ForEachScope((scope, list) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object>> pairs)
                {
                    list.AddRange(pairs.Select(pair => new KeyValuePair<string, string>(pair.Key, pair.Value?.ToString() ?? "")));
                }
                else
                {
                    list.Add(new KeyValuePair<string, string>("", scope?.ToString() ?? ""));
                }
            }, scopes);
            collector.Records.Enqueue(new CollectedLog(category, formatter(state, exception) + " " + exception, scopes));
        }
    }
}

public sealed record CollectedLog(string Category, string Message, IReadOnlyList<KeyValuePair<string, string>> Scopes);
