using System.ClientModel;
using System.Diagnostics;
using FeedbackFix.Clustering.Embedding;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;

namespace Microsoft.Extensions.Hosting;

public static partial class EmbeddingServiceExtensions
{
    /// <summary>Activity source and meter of embedding calls; matches ServiceDefaults' <c>FeedbackFix.*</c>.</summary>
    public const string TelemetrySourceName = "FeedbackFix.Clustering.Embedding";

    /// <summary>
    /// Binds and validates <see cref="EmbeddingOptions"/> (section <c>Clustering:Embedding</c>, checked
    /// at start) and registers the configured <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/>
    /// of strings to float embeddings as a singleton, wrapped so every call shows in traces and metrics,
    /// and its <see cref="EmbeddingModelInfo"/> as a singleton. For an <c>openai</c> endpoint without
    /// configured <c>Dimensions</c>, resolving the info embeds one short text to learn the dimension.
    /// </summary>
    public static IHostApplicationBuilder AddEmbeddings(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<EmbeddingOptions>()
            .BindConfiguration(EmbeddingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<EmbeddingOptions>>().Value;
            var loggerFactory = services.GetRequiredService<ILoggerFactory>();
            return CreateGenerator(options, loggerFactory.CreateLogger(typeof(EmbeddingServiceExtensions)))
                .AsBuilder()
                .UseOpenTelemetry(loggerFactory, TelemetrySourceName)
                .Build(services);
        });

        // Resolved once, when the worker starts; only an openai endpoint of unknown dimension costs a call here.
        builder.Services.AddSingleton(services => EmbeddingModelInfo
            .DiscoverAsync(services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>())
            .GetAwaiter()
            .GetResult());
        return builder;
    }

    /// <summary>The bare generator <paramref name="options"/> describe, without telemetry.</summary>
    public static IEmbeddingGenerator<string, Embedding<float>> CreateGenerator(EmbeddingOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        switch (options.Provider)
        {
            case EmbeddingProvider.Hashing:
                var dimensions = options.Dimensions ?? EmbeddingOptions.DefaultHashingDimensions;
                LogHashingEmbedder(logger, HashingEmbeddingGenerator.ProviderName, HashingEmbeddingGenerator.ModelId, dimensions);
                return new HashingEmbeddingGenerator(dimensions);

            case EmbeddingProvider.OpenAI:
                // The key goes into the client only; it is never logged.
                LogOpenAIEmbedder(logger, "openai", options.Model, options.Endpoint,
                    options.Dimensions?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "model default");
                return new OpenAIClient(new ApiKeyCredential(options.ApiKey!), new OpenAIClientOptions { Endpoint = options.Endpoint })
                    .GetEmbeddingClient(options.Model)
                    .AsIEmbeddingGenerator(options.Dimensions);

            default:
                var started = Stopwatch.GetTimestamp();
                var generator = MiniLmEmbeddingGenerator.Load(options.BatchSize, options.Parallelism ?? EmbeddingOptions.DefaultParallelism);
                LogMiniLmLoaded(logger, MiniLmEmbeddingGenerator.ProviderName, MiniLmEmbeddingGenerator.ModelId, MiniLmEmbeddingGenerator.ModelDimensions,
                    options.BatchSize, generator.Parallelism, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                return generator;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedding with {Provider} {Model} ({Dimensions} dimensions)")]
    private static partial void LogHashingEmbedder(ILogger logger, string provider, string model, int dimensions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedding with {Provider} {Model} at {Endpoint} ({Dimensions} dimensions)")]
    private static partial void LogOpenAIEmbedder(ILogger logger, string provider, string? model, Uri? endpoint, string dimensions);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Embedding with {Provider} {Model} ({Dimensions} dimensions, batches of {BatchSize}, {Parallelism} at once); model loaded in {ElapsedMs} ms")]
    private static partial void LogMiniLmLoaded(ILogger logger, string provider, string model, int dimensions, int batchSize, int parallelism, long elapsedMs);
}
