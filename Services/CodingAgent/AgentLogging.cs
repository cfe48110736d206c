using Microsoft.Extensions.Logging;

namespace FeedbackFix.CodingAgent;

/// <summary>Console logs, one line each with a UTC time: what awslogs and the process launcher capture.</summary>
internal static class AgentLogging
{
    public static ILoggerFactory CreateConsole() => LoggerFactory.Create(logging => logging
        .SetMinimumLevel(LogLevel.Information)
        .AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        }));
}
