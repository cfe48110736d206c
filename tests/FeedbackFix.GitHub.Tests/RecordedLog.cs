using Microsoft.Extensions.Logging;

namespace FeedbackFix.GitHub.Tests;

public sealed record RecordedLog(LogLevel Level, int EventId, string Message, IReadOnlyDictionary<string, object?> Fields);
