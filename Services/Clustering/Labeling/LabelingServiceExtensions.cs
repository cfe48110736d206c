using System.ClientModel;
using FeedbackFix.Clustering.Labeling;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;

namespace Microsoft.Extensions.Hosting;

public static partial class LabelingServiceExtensions
{
    /// <summary>Activity source and meter of chat calls; matches ServiceDefaults' <c>FeedbackFix.*</c>.</summary>
    public const string TelemetrySourceName = "FeedbackFix.Clustering.Labeling";

    /// <summary>The service key of the labelling <see cref="IChatClient"/>, registered only when the LLM summariser is on.</summary>
    public const string ChatClientKey = "labeling";

    /// <summary>
    /// Binds and validates <see cref="LabelingOptions"/> (section <c>Clustering:Labeling</c>, checked at
    /// start) and registers <see cref="ClusterLabeler"/>, <see cref="RelabelPolicy"/>, a shared
    /// <see cref="TermStatistics"/>, the <see cref="IClusterSummarizer"/> of every flush (c-TF-IDF
    /// labels, in process) and, for <c>Clustering:Labeling:Llm:Enabled</c>, the
    /// <see cref="ChatClientSummarizer"/> of a chat model at an OpenAI-compatible endpoint
    /// (<see cref="ChatSummarizerOrNull"/>).
    /// </summary>
    public static IHostApplicationBuilder AddLabeling(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<LabelingOptions>()
            .BindConfiguration(LabelingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.TryAddSingleton<TermStatistics>();
        builder.Services.TryAddSingleton(services => new ClusterLabeler(Options(services)));
        builder.Services.TryAddSingleton(services => new RelabelPolicy(Options(services)));
        builder.Services.TryAddSingleton<IClusterSummarizer>(services => new TermsClusterSummarizer(services.GetRequiredService<ClusterLabeler>()));
        builder.Services.AddKeyedSingleton(ChatClientKey, (services, _) =>
        {
            var llm = Options(services).Llm;
            // The key goes into the client only; it is never logged.
            return new OpenAIClient(new ApiKeyCredential(llm.ApiKey!), new OpenAIClientOptions { Endpoint = llm.Endpoint })
                .GetChatClient(llm.Model)
                .AsIChatClient()
                .AsBuilder()
                .UseOpenTelemetry(services.GetRequiredService<ILoggerFactory>(), TelemetrySourceName)
                .Build(services);
        });
        builder.Services.TryAddSingleton(services =>
        {
            var options = Options(services);
            LogChatModel(services.GetRequiredService<ILogger<ChatClientSummarizer>>(), options.Llm.Model, options.Llm.Endpoint);
            return new ChatClientSummarizer(
                services.GetRequiredKeyedService<IChatClient>(ChatClientKey),
                options,
                services.GetService<TimeProvider>() ?? TimeProvider.System,
                services.GetRequiredService<ILogger<ChatClientSummarizer>>());
        });
        return builder;
    }

    /// <summary>The chat model's summariser when <c>Clustering:Labeling:Llm:Enabled</c>; null otherwise.</summary>
    public static ChatClientSummarizer? ChatSummarizerOrNull(this IServiceProvider services) =>
        Options(services).Llm.Enabled ? services.GetRequiredService<ChatClientSummarizer>() : null;

    private static LabelingOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<LabelingOptions>>().Value;

    [LoggerMessage(Level = LogLevel.Information, Message = "Labelling clusters with chat model {Model} at {Endpoint}, beside key terms")]
    private static partial void LogChatModel(ILogger logger, string? model, Uri? endpoint);
}
