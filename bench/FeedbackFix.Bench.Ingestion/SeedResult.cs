namespace FeedbackFix.Bench.Ingestion;

/// <summary>How long storing the clusters took, and how many feedback items the ingest phases had stored by then.</summary>
internal sealed record SeedResult(int Clusters, TimeSpan Elapsed, long FeedbackItems);
