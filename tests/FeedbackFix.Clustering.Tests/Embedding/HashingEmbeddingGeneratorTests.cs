using FeedbackFix.Clustering.Embedding;
using Microsoft.Extensions.AI;

namespace FeedbackFix.Clustering.Tests.Embedding;

public sealed class HashingEmbeddingGeneratorTests
{
    // sum of vector[i] * (i + 1) for "Login button does nothing" at 64 dimensions.
    private const double GoldenFingerprint = -2.5325073;

    [Fact]
    public async Task Same_text_gives_the_same_vector_from_separate_instances()
    {
        using var first = new HashingEmbeddingGenerator();
        using var second = new HashingEmbeddingGenerator();

        var a = await first.GenerateVectorAsync("The app crashes when I open settings");
        var b = await second.GenerateVectorAsync("The app crashes when I open settings");

        Assert.Equal(a.ToArray(), b.ToArray());
    }

    [Fact]
    public void Vector_is_stable_across_processes_golden_value()
    {
        // string.GetHashCode is randomised per process; a stable hash gives the same slots forever.
        // If this fails on purpose (features changed), bump HashingEmbeddingGenerator.ModelId too.
        using var generator = new HashingEmbeddingGenerator(64);

        var vector = generator.Embed("Login button does nothing");

        var fingerprint = 0.0;
        for (var i = 0; i < vector.Length; i++)
        {
            fingerprint += vector[i] * (i + 1);
        }

        Assert.Equal(GoldenFingerprint, fingerprint, 4);
    }

    [Fact]
    public async Task Similar_reports_are_closer_than_unrelated_ones()
    {
        using var generator = new HashingEmbeddingGenerator();

        var vectors = await generator.GenerateAsync([
            "App crashes when uploading a photo",
            "the app crashed while uploading photos",
            "Please add a dark mode to the settings page",
        ]);

        var similar = Cosine.Of(vectors[0], vectors[1]);
        var unrelated = Cosine.Of(vectors[0], vectors[2]);
        Assert.True(similar > unrelated + 0.2f, $"similar {similar:F3} vs unrelated {unrelated:F3}");
    }

    [Theory]
    [InlineData(64)]
    [InlineData(1024)]
    [InlineData(4096)]
    public async Task Vectors_have_the_configured_dimension_and_unit_length(int dimensions)
    {
        using var generator = new HashingEmbeddingGenerator(dimensions);

        var vectors = await generator.GenerateAsync(["short", "A somewhat longer report: the export to CSV drops the last row."]);

        Assert.All(vectors, v =>
        {
            Assert.Equal(dimensions, v.Vector.Length);
            Assert.Equal(1f, Cosine.Norm(v.Vector.Span), 4);
        });
        Assert.Equal(dimensions, generator.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelDimensions);
    }

    [Fact]
    public async Task Text_without_words_gives_a_zero_vector_not_NaN()
    {
        using var generator = new HashingEmbeddingGenerator(128);

        var vectors = await generator.GenerateAsync(["", "  --- !!! "]);

        Assert.All(vectors, v => Assert.All(v.Vector.ToArray(), x => Assert.Equal(0f, x)));
    }

    [Fact]
    public async Task Many_inputs_come_back_in_input_order()
    {
        using var generator = new HashingEmbeddingGenerator(256);
        var texts = Enumerable.Range(0, 300).Select(i => $"report number {i} about feature {i % 7}").ToArray();

        var batched = await generator.GenerateAsync(texts);

        Assert.Equal(texts.Length, batched.Count);
        for (var i = 0; i < texts.Length; i += 37)
        {
            Assert.Equal(generator.Embed(texts[i]), batched[i].Vector.ToArray());
        }
    }
}
