namespace FeedbackFix.Clustering.Labeling;

/// <summary>A term of a cluster with its class-based TF-IDF weight there.</summary>
public readonly record struct WeightedTerm(string Term, double Weight);
