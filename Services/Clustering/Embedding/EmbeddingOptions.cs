using System.ComponentModel.DataAnnotations;

namespace FeedbackFix.Clustering.Embedding;

/// <summary>How items are embedded: section <c>Clustering:Embedding</c>.</summary>
public sealed class EmbeddingOptions : IValidatableObject
{
    public const string Section = "Clustering:Embedding";
    public const int DefaultHashingDimensions = 1024;
    public const int DefaultBatchSize = 16;

    /// <summary>
    /// The most minilm sessions used when <see cref="Parallelism"/> is not set. Each session is a model
    /// copy of about 90 MB loaded one after another (1-3 s each), and each extra session adds less than
    /// the one before (two on 2 cores gave 1.9 times one); on a large node the clustering service
    /// also shares the cores with everything else, so the default stops at 4 and more is a setting.
    /// </summary>
    public const int MaxDefaultParallelism = 4;

    /// <summary>minilm sessions when <see cref="Parallelism"/> is not set: one per core, at most <see cref="MaxDefaultParallelism"/>.</summary>
    public static int DefaultParallelism => Math.Min(Environment.ProcessorCount, MaxDefaultParallelism);

    /// <summary><c>minilm</c> (default), <c>hashing</c> or <c>openai</c>; case does not matter.</summary>
    public EmbeddingProvider Provider { get; set; } = EmbeddingProvider.MiniLm;

    /// <summary>openai: the API base address including its version segment, e.g. <c>https://api.openai.com/v1</c> or <c>http://localhost:11434/v1</c>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>openai: the key sent as <c>Authorization: Bearer</c>. A secret: never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>openai: the embedding model, e.g. <c>text-embedding-3-small</c>.</summary>
    public string? Model { get; set; }

    /// <summary>
    /// hashing: the vector length (default 1024). openai: optional; when set it is sent as the
    /// request's <c>dimensions</c> (models that can shorten their vectors), else the dimension is
    /// whatever the first answer has. Ignored by minilm (always 384).
    /// </summary>
    [Range(8, 65_536, ErrorMessage = "Clustering:Embedding:Dimensions must be between 8 and 65536.")]
    public int? Dimensions { get; set; }

    /// <summary>minilm: texts per ONNX run. Texts are sorted by length first, so a batch pads little.</summary>
    [Range(1, 512, ErrorMessage = "Clustering:Embedding:BatchSize must be between 1 and 512.")]
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>
    /// minilm: batches encoded at once, each by its own single-threaded ONNX session on a thread of
    /// its own (a model copy of about 90 MB); default one per core, at most <see cref="MaxDefaultParallelism"/>.
    /// </summary>
    [Range(1, 64, ErrorMessage = "Clustering:Embedding:Parallelism must be between 1 and 64.")]
    public int? Parallelism { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enum.IsDefined(Provider))
        {
            yield return new ValidationResult(
                $"{Section}:Provider must be 'minilm', 'hashing' or 'openai'.", [nameof(Provider)]);
        }

        if (Provider != EmbeddingProvider.OpenAI)
        {
            yield break;
        }

        if (Endpoint is null)
        {
            yield return Missing(nameof(Endpoint), "the API base address, e.g. https://api.openai.com/v1");
        }
        else if (!Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttps && Endpoint.Scheme != Uri.UriSchemeHttp))
        {
            yield return new ValidationResult(
                $"{Section}:Endpoint must be an absolute http or https URL.", [nameof(Endpoint)]);
        }

        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            yield return Missing(nameof(ApiKey), "the API key (use any non-empty value for a server that needs none)");
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            yield return Missing(nameof(Model), "the embedding model name, e.g. text-embedding-3-small");
        }
    }

    private static ValidationResult Missing(string setting, string what) =>
        new($"{Section}:{setting} is required when {Section}:Provider is 'openai': {what}.", [setting]);
}
