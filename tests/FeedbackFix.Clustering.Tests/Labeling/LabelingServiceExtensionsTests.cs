using FeedbackFix.Clustering.Labeling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FeedbackFix.Clustering.Tests.Labeling;

public sealed class LabelingServiceExtensionsTests
{
    [Fact]
    public void By_default_labels_use_key_terms_and_no_chat_model()
    {
        using var host = Build([]);

        Assert.IsType<TermsClusterSummarizer>(host.Services.GetRequiredService<IClusterSummarizer>());
        Assert.Null(host.Services.ChatSummarizerOrNull());
        Assert.NotNull(host.Services.GetRequiredService<RelabelPolicy>());
        Assert.NotNull(host.Services.GetRequiredService<TermStatistics>());
        Assert.Equal(6, host.Services.GetRequiredService<IOptions<LabelingOptions>>().Value.TopTerms);
    }

    [Fact]
    public void Configuration_sets_the_options()
    {
        using var host = Build(new()
        {
            ["Clustering:Labeling:TopTerms"] = "4",
            ["Clustering:Labeling:RelabelEveryGrowth"] = "0.5",
            ["Clustering:Labeling:RelabelAlwaysBelow"] = "5",
        });

        var policy = host.Services.GetRequiredService<RelabelPolicy>();

        Assert.Equal(4, host.Services.GetRequiredService<IOptions<LabelingOptions>>().Value.TopTerms);
        Assert.False(policy.ShouldRelabel(10, 14));
        Assert.True(policy.ShouldRelabel(10, 15));
    }

    [Fact]
    public void Enabled_with_an_endpoint_a_chat_model_summarises_beside_the_key_terms()
    {
        using var host = Build(new()
        {
            ["Clustering:Labeling:Llm:Enabled"] = "true",
            ["Clustering:Labeling:Llm:Endpoint"] = "http://127.0.0.1:9/v1",
            ["Clustering:Labeling:Llm:Model"] = "llama3.2",
            ["Clustering:Labeling:Llm:ApiKey"] = "unused",
        });

        Assert.IsType<TermsClusterSummarizer>(host.Services.GetRequiredService<IClusterSummarizer>());
        Assert.NotNull(host.Services.ChatSummarizerOrNull());
    }

    [Fact]
    public void Enabled_without_endpoint_or_model_fails_at_start_naming_the_settings()
    {
        using var host = Build(new() { ["Clustering:Labeling:Llm:Enabled"] = "true" });

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<LabelingOptions>>().Value);

        Assert.Contains("Clustering:Labeling:Llm:Endpoint", error.Message);
        Assert.Contains("Clustering:Labeling:Llm:Model", error.Message);
        Assert.Contains("Clustering:Labeling:Llm:ApiKey", error.Message);
    }

    [Fact]
    public void A_concurrency_out_of_range_fails_at_start_naming_the_setting()
    {
        using var host = Build(new()
        {
            ["Clustering:Labeling:Llm:Enabled"] = "true",
            ["Clustering:Labeling:Llm:Endpoint"] = "http://127.0.0.1:9/v1",
            ["Clustering:Labeling:Llm:Model"] = "model",
            ["Clustering:Labeling:Llm:ApiKey"] = "key",
            ["Clustering:Labeling:Llm:Concurrency"] = "0",
        });

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<LabelingOptions>>().Value);

        Assert.Contains("Clustering:Labeling:Llm:Concurrency", error.Message);
    }

    [Fact]
    public void Waits_longer_than_their_bounds_fail_at_start_naming_the_setting()
    {
        using var host = Build(new()
        {
            ["Clustering:Labeling:Llm:Enabled"] = "true",
            ["Clustering:Labeling:Llm:Endpoint"] = "http://127.0.0.1:9/v1",
            ["Clustering:Labeling:Llm:Model"] = "model",
            ["Clustering:Labeling:Llm:ApiKey"] = "key",
            ["Clustering:Labeling:Llm:Timeout"] = "00:11:00",
            ["Clustering:Labeling:Llm:BreakDuration"] = "2.00:00:00",
        });

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<LabelingOptions>>().Value);

        Assert.Contains("Clustering:Labeling:Llm:Timeout", error.Message);
        Assert.Contains("Clustering:Labeling:Llm:BreakDuration", error.Message);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddLabeling();
        return builder.Build();
    }
}
