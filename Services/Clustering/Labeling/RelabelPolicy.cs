namespace FeedbackFix.Clustering.Labeling;

/// <summary>
/// When a cluster needs a new label: on any change while it is small, and once it has grown or
/// shrunk by <see cref="LabelingOptions.RelabelEveryGrowth"/> of its labelled size when large, so a
/// cluster of thousands is not relabelled for every report it gains.
/// </summary>
public sealed class RelabelPolicy(LabelingOptions options)
{
    /// <summary>
    /// Whether a cluster labelled at <paramref name="labelledAtSize"/> items (0 when never) needs a new
    /// label at <paramref name="size"/>. A merge changes what a cluster is about, so the caller
    /// relabels a merge survivor regardless.
    /// </summary>
    public bool ShouldRelabel(long labelledAtSize, long size)
    {
        if (size == labelledAtSize || size <= 0)
        {
            return false;
        }

        if (labelledAtSize <= 0 || size < options.RelabelAlwaysBelow)
        {
            return true;
        }

        return Math.Abs(size - labelledAtSize) >= labelledAtSize * options.RelabelEveryGrowth;
    }
}
