namespace FeedbackFix.CodingAgent.Settings;

/// <summary>
/// What <see cref="AgentSettingsReader"/> made of the environment: the settings when all is well;
/// otherwise the problems, and the reporting target if it alone was usable.
/// </summary>
internal sealed record SettingsReadResult(AgentSettings? Settings, ReportingTarget? Target, IReadOnlyList<string> Problems);
