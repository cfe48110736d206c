namespace FeedbackFix.Bench.Clustering;

/// <summary>Agreement of a clustering with the true labels, each as a fraction in [0, 1].</summary>
internal sealed record Scores(double Nmi, double Ari, double Accuracy, int Clusters, int Labels);
