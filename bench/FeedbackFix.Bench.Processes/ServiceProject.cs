namespace FeedbackFix.Bench.Processes;

/// <summary>A program of the solution a bench starts: its name in logs and service discovery, its folder and its assembly.</summary>
public sealed record ServiceProject(string Name, string Directory, string Assembly);
