namespace FeedbackFix.Bench.Ingestion;

/// <summary>A service of the repository: its discovery name, its folder and its assembly.</summary>
internal sealed record ServiceProject(string Name, string Directory, string Assembly);
