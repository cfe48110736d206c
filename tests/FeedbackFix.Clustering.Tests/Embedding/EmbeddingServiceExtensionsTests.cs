using System.Diagnostics;
using FeedbackFix.Clustering.Embedding;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FeedbackFix.Clustering.Tests.Embedding;

public sealed class EmbeddingServiceExtensionsTests
{
    [Fact]
    public async Task Hashing_provider_and_its_model_info_are_registered_and_calls_are_traced()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Clustering:Embedding:Provider"] = "Hashing",
            ["Clustering:Embedding:Dimensions"] = "512",
        });
        builder.AddEmbeddings();
        using var host = builder.Build();
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == EmbeddingServiceExtensions.TelemetrySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(listener);

        var generator = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var vectors = await generator.GenerateAsync(["traced call"]);

        Assert.Equal(512, vectors[0].Vector.Length);
        Assert.NotNull(generator.GetService<HashingEmbeddingGenerator>());
        Assert.Equal(
            new EmbeddingModelInfo("hashing/" + HashingEmbeddingGenerator.ModelId, 512),
            host.Services.GetRequiredService<EmbeddingModelInfo>());
        Assert.Contains(activities, a => a.DisplayName.Contains(HashingEmbeddingGenerator.ModelId, StringComparison.Ordinal));
    }
}
