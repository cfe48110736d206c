using System.ClientModel;
using FeedbackFix.Clustering.Embedding;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace FeedbackFix.Clustering.Tests.Embedding;

public sealed class OpenAIEmbeddingTests(FakeOpenAIServer server) : IClassFixture<FakeOpenAIServer>
{
    [Fact]
    public async Task Sends_the_bearer_key_model_and_inputs_and_reads_vectors_in_order()
    {
        using var generator = Create(FakeOpenAIServer.Key, "text-embedding-3-small", dimensions: null);

        var vectors = await generator.GenerateAsync(["first report", "second, longer report"]);

        var request = Assert.Single(server.Requests, r => r.Inputs.Contains("first report"));
        Assert.Equal("Bearer " + FakeOpenAIServer.Key, request.Authorization);
        Assert.Equal("text-embedding-3-small", request.Model);
        Assert.Equal(["first report", "second, longer report"], request.Inputs);
        Assert.Equal(FakeOpenAIServer.VectorFor("first report", 6), vectors[0].Vector.ToArray());
        Assert.Equal(FakeOpenAIServer.VectorFor("second, longer report", 6), vectors[1].Vector.ToArray());
    }

    [Fact]
    public async Task Configured_dimensions_are_requested_and_reported()
    {
        using var generator = Create(FakeOpenAIServer.Key, "text-embedding-3-large", dimensions: 16);

        var vectors = await generator.GenerateAsync(["dimension sixteen please"]);

        Assert.Equal(16, Assert.Single(server.Requests, r => r.Inputs.Contains("dimension sixteen please")).Dimensions);
        Assert.Equal(16, vectors[0].Vector.Length);
        Assert.Equal(new EmbeddingModelInfo("openai/text-embedding-3-large", 16), await EmbeddingModelInfo.DiscoverAsync(generator));
    }

    [Fact]
    public async Task Model_info_discovers_the_dimension_from_an_answer_when_not_configured()
    {
        using var generator = Create(FakeOpenAIServer.Key, "nomic-embed-text", dimensions: null);

        var info = await EmbeddingModelInfo.DiscoverAsync(generator);

        Assert.Equal(new EmbeddingModelInfo("openai/nomic-embed-text", 6), info);
    }

    [Fact]
    public async Task A_wrong_key_fails_with_the_server_answer()
    {
        using var generator = Create("sk-wrong", "text-embedding-3-small", dimensions: null);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => generator.GenerateAsync(["anything"]));

        Assert.Equal(401, error.Status);
    }

    private IEmbeddingGenerator<string, Embedding<float>> Create(string key, string model, int? dimensions) =>
        EmbeddingServiceExtensions.CreateGenerator(
            new EmbeddingOptions
            {
                Provider = EmbeddingProvider.OpenAI,
                Endpoint = server.Endpoint,
                ApiKey = key,
                Model = model,
                Dimensions = dimensions,
            },
            NullLogger.Instance);
}
