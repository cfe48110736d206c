namespace FeedbackFix.Bench.Dashboard;

/// <summary>A program of the solution this bench starts: its name in logs, its folder and its assembly.</summary>
internal sealed record ServiceProject(string Name, string Directory, string Assembly);
