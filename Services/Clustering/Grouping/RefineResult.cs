namespace FeedbackFix.Clustering.Grouping;

/// <summary>The clusters after a refinement, and which cluster absorbed which by id.</summary>
internal sealed record RefineResult(List<Cluster> Clusters, Dictionary<string, string> Absorptions);
