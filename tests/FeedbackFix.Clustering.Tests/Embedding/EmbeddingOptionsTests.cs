using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FeedbackFix.Clustering.Tests.Embedding;

public sealed class EmbeddingOptionsTests
{
    [Theory]
    [InlineData("ApiKey")]
    [InlineData("Model")]
    [InlineData("Endpoint")]
    public async Task Openai_without_a_required_setting_fails_at_start_naming_it(string missing)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Clustering:Embedding:Provider"] = "openai",
            ["Clustering:Embedding:Endpoint"] = "http://127.0.0.1:11434/v1",
            ["Clustering:Embedding:ApiKey"] = "sk-secret-value",
            ["Clustering:Embedding:Model"] = "nomic-embed-text",
        };
        settings.Remove($"Clustering:Embedding:{missing}");
        using var host = Build(settings);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains($"Clustering:Embedding:{missing} is required", error.Message);
        Assert.DoesNotContain("sk-secret-value", error.Message);
    }

    [Fact]
    public async Task An_out_of_range_setting_is_named()
    {
        using var host = Build(new() { ["Clustering:Embedding:Provider"] = "hashing", ["Clustering:Embedding:BatchSize"] = "0" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Clustering:Embedding:BatchSize", error.Message);
    }

    [Fact]
    public async Task An_unknown_provider_is_named()
    {
        using var host = Build(new() { ["Clustering:Embedding:Provider"] = "word2vec" });

        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("Clustering:Embedding:Provider", error.Message);
    }

    [Fact]
    public async Task Defaults_pass_validation_without_any_setting()
    {
        using var host = Build([]);

        await host.StartAsync();
        await host.StopAsync();
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddEmbeddings();
        return builder.Build();
    }
}
