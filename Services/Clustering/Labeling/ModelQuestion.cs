namespace FeedbackFix.Clustering.Labeling;

/// <summary>
/// What a chat model is shown about one cluster, taken on the membership writer's loop so the call
/// can run off it: the <see cref="LlmLabelingOptions.MaxItems"/> most representative reports (cut to
/// what the prompt shows, without their vectors), the cluster's key terms and its true counts.
/// <see cref="Lead"/> is the lead the cluster has once the flush that asks is saved: an answer is kept
/// only while it is still the stored one, so a relabel since (an edit, a merge) is never overwritten
/// by an answer about what the cluster was before.
/// </summary>
public sealed record ModelQuestion(string ClusterId, IReadOnlyList<LabelItem> Representative, IReadOnlyList<string> Terms, ClusterFacts Facts, string Lead);
