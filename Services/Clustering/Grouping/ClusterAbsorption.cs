namespace FeedbackFix.Clustering.Grouping;

/// <summary>
/// A cluster that no longer exists and the surviving cluster its items went to (the larger one
/// of a merge, or the one that took most of an emptied cluster's items), so old links resolve.
/// </summary>
public sealed record ClusterAbsorption(string AbsorbedId, string SurvivorId);
