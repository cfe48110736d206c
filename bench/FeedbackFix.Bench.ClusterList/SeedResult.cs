namespace FeedbackFix.Bench.ClusterList;

internal sealed record SeedResult(int Clusters, int Items, TimeSpan Elapsed);
