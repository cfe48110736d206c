using System.ComponentModel.DataAnnotations;

namespace FeedbackFix.Clustering.Labeling;

/// <summary>How clusters are titled and summarised, and how often: section <c>Clustering:Labeling</c>.</summary>
public sealed class LabelingOptions : IValidatableObject
{
    public const string Section = "Clustering:Labeling";

    /// <summary>Distinctive terms named in a summary.</summary>
    [Range(1, 50)]
    public int TopTerms { get; set; } = 6;

    /// <summary>A cluster is relabelled once its size has changed by this fraction of the size it was labelled at...</summary>
    [Range(0.0, 100.0)]
    public double RelabelEveryGrowth { get; set; } = 0.25;

    /// <summary>...or on any change while it is smaller than this: small clusters are cheap and their label moves most.</summary>
    [Range(0, int.MaxValue)]
    public int RelabelAlwaysBelow { get; set; } = 20;

    /// <summary>
    /// Newest members read to title a cluster (and shown to a chat model): enough to name it. The
    /// counts sentence never comes from them but from the counts every membership commit keeps.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxItemsRead { get; set; } = 500;

    public LlmLabelingOptions Llm { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        Llm.Validate();
}
