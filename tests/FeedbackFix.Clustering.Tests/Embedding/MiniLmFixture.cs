using FeedbackFix.Clustering.Embedding;

namespace FeedbackFix.Clustering.Tests.Embedding;

/// <summary>Loads the model once (two sessions, 1-3 s each) for every MiniLM test; batches then run two at a time.</summary>
public sealed class MiniLmFixture : IDisposable
{
    public MiniLmEmbeddingGenerator Generator { get; } = MiniLmEmbeddingGenerator.Load(batchSize: 4, parallelism: 2);

    public void Dispose() => Generator.Dispose();
}
