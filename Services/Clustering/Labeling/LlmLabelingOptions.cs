using System.ComponentModel.DataAnnotations;

namespace FeedbackFix.Clustering.Labeling;

/// <summary>The optional LLM summariser: section <c>Clustering:Labeling:Llm</c>, off by default.</summary>
public sealed class LlmLabelingOptions
{
    public const string Section = LabelingOptions.Section + ":Llm";

    public bool Enabled { get; set; }

    /// <summary>An OpenAI-compatible API base address including its version segment, e.g. <c>http://localhost:11434/v1</c>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The chat model, e.g. <c>gpt-4o-mini</c> or <c>llama3.2</c>.</summary>
    public string? Model { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer</c>. A secret: never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>After this long the model's call is given up on, and the cluster keeps the label it has.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The longest <see cref="Timeout"/> taken.</summary>
    internal static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(10);

    /// <summary>The longest <see cref="BreakDuration"/> taken (Polly's circuit breaker takes at most a day).</summary>
    internal static readonly TimeSpan LongestBreak = TimeSpan.FromDays(1);

    /// <summary>
    /// Calls to the model at once. They run beside the membership writer, never on its loop: a cluster
    /// waiting for its turn keeps its key terms meanwhile.
    /// </summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>
    /// How many calls within <see cref="BreakDuration"/>, none of them answered (an error, or no answer
    /// within <see cref="Timeout"/>), stop the model being asked for <see cref="BreakDuration"/>: labels
    /// use key terms meanwhile.
    /// </summary>
    [Range(2, 1_000)]
    public int BreakAfterFailures { get; set; } = 5;

    /// <summary>How long the model is not asked after <see cref="BreakAfterFailures"/> failures, and the window they are counted in.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Items nearest the centroid shown to the model.</summary>
    [Range(1, 50)]
    public int MaxItems { get; set; } = 8;

    /// <summary>Characters of each item's body shown to the model.</summary>
    [Range(0, 4_000)]
    public int MaxBodyChars { get; set; } = 300;

    internal IEnumerable<ValidationResult> Validate()
    {
        if (!Enabled)
        {
            yield break;
        }

        if (Concurrency is < 1 or > 64)
        {
            yield return new ValidationResult($"{Section}:Concurrency must be between 1 and 64.", [nameof(Concurrency)]);
        }

        if (Endpoint is null)
        {
            yield return Missing(nameof(Endpoint), "the API base address, e.g. https://api.openai.com/v1");
        }
        else if (!Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttps && Endpoint.Scheme != Uri.UriSchemeHttp))
        {
            yield return new ValidationResult($"{Section}:Endpoint must be an absolute http or https URL.", [nameof(Endpoint)]);
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            yield return Missing(nameof(Model), "the chat model name, e.g. gpt-4o-mini");
        }

        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            yield return Missing(nameof(ApiKey), "the API key (use any non-empty value for a server that needs none)");
        }

        if (Timeout <= TimeSpan.Zero || Timeout > LongestWait)
        {
            yield return new ValidationResult($"{Section}:Timeout must be positive and at most {LongestWait.TotalMinutes:0} minutes.", [nameof(Timeout)]);
        }

        // The circuit breaker's own lower bound.
        if (BreakDuration < TimeSpan.FromSeconds(0.5) || BreakDuration > LongestBreak)
        {
            yield return new ValidationResult($"{Section}:BreakDuration must be at least 0.5 s and at most a day.", [nameof(BreakDuration)]);
        }

        foreach (var result in ValidateRanges())
        {
            yield return result;
        }
    }

    private List<ValidationResult> ValidateRanges()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        return results;
    }

    private static ValidationResult Missing(string setting, string what) =>
        new($"{Section}:{setting} is required when {Section}:Enabled is true: {what}.", [setting]);
}
