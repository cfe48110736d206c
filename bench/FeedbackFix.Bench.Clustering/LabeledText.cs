namespace FeedbackFix.Bench.Clustering;

/// <summary>One row of a labelled TSV: the text to cluster and its true group.</summary>
internal sealed record LabeledText(string Text, string Label);
