namespace FeedbackFix.CodingAgent.Reporting;

/// <summary>When log lines are sent: at <see cref="MaxLines"/> a batch, after <see cref="Interval"/>, and a heartbeat when quiet.</summary>
internal sealed record LogBatching(int MaxLines, TimeSpan Interval, TimeSpan HeartbeatInterval);
