namespace FeedbackFix.Clustering.Labeling;

/// <summary>
/// What a chat model is shown about one cluster, taken on the membership writer's loop so the call
/// can run off it: the <see cref="LlmLabelingOptions.MaxItems"/> most representative reports, the
/// cluster's key terms and its true counts.
/// </summary>
public sealed record ModelQuestion(string ClusterId, IReadOnlyList<LabelItem> Representative, IReadOnlyList<string> Terms, ClusterFacts Facts);
