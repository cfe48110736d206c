using Microsoft.Extensions.Logging;

namespace FeedbackFix.GitHub.Tests;

/// <summary>Keeps every log entry with its template fields, so a test can check what was logged and what was not.</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly List<RecordedLog> _entries = [];

    public IReadOnlyList<RecordedLog> Entries
    {
        get
        {
            lock (_entries)
            {
                return _entries.ToArray();
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var fields = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
        lock (_entries)
        {
            _entries.Add(new RecordedLog(logLevel, eventId.Id, formatter(state, exception), fields.ToDictionary(field => field.Key, field => field.Value)));
        }
    }
}
