using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FeedbackFix.Gateway.Tests;

/// <summary>
/// Keeps every entry the gateway's loggers let through (after its configured levels): its level,
/// message, exception and the values of the scopes around it.
/// </summary>
public sealed class LogCollector : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new CollectingLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class CollectingLogger(LogCollector collector, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => collector._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

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
            collector.Entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), exception, scopes));
        }
    }
}

/// <summary>One log entry; <see cref="Text"/> is its message with its exception, as a sink would write it.</summary>
public sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception, IReadOnlyList<KeyValuePair<string, string>> Scopes)
{
    public string Text => Exception is null ? Message : $"{Message} {Exception}";
}
