using FeedbackFix.Clustering.Embedding;
using FeedbackFix.Clustering.Grouping;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FeedbackFix.Clustering.Tests.Grouping;

/// <summary>The join bar follows the embedder's vectors unless configured (<see cref="GroupingOptions.DefaultAssignThreshold"/>).</summary>
public sealed class GroupingOptionsRegistrationTests
{
    [Theory]
    [InlineData(null, 0.6)]
    [InlineData("minilm", 0.6)]
    [InlineData("openai", 0.6)]
    [InlineData("hashing", 0.45)]
    public void Without_a_configured_join_bar_it_is_the_embedders(string? provider, double expected)
    {
        var options = Resolve(new() { ["Clustering:Embedding:Provider"] = provider });

        Assert.Equal(expected, options.AssignThreshold);
    }

    [Theory]
    [InlineData("0.7")]
    [InlineData("0.6")]
    public void A_configured_join_bar_stands_whatever_the_embedder(string configured)
    {
        var options = Resolve(new()
        {
            ["Clustering:Embedding:Provider"] = "hashing",
            ["Clustering:Grouping:AssignThreshold"] = configured,
        });

        Assert.Equal(double.Parse(configured, System.Globalization.CultureInfo.InvariantCulture), options.AssignThreshold);
    }

    [Fact]
    public void The_rest_of_the_section_binds_as_configured_beside_the_embedders_join_bar()
    {
        var options = Resolve(new()
        {
            ["Clustering:Embedding:Provider"] = "hashing",
            ["Clustering:Grouping:MergeFloorShare"] = "0.4",
        });

        Assert.Equal((0.45, 0.4), (options.AssignThreshold, options.MergeFloorShare));
    }

    private static GroupingOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddOptions<EmbeddingOptions>().BindConfiguration(EmbeddingOptions.Section);
        services.AddGroupingOptions();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<GroupingOptions>>().Value;
    }
}
