using FeedbackFix.Clustering.Embedding;

namespace FeedbackFix.Clustering.Tests.Embedding;

/// <summary>Loads the model once (1-3 s) for every MiniLM test.</summary>
public sealed class MiniLmFixture : IDisposable
{
    public MiniLmEmbeddingGenerator Generator { get; } = MiniLmEmbeddingGenerator.Load(batchSize: 4);

    public void Dispose() => Generator.Dispose();
}
