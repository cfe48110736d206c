using FeedbackFix.Clustering.Embedding;

namespace FeedbackFix.Clustering.Tests.Embedding;

/// <summary>Loads the model once (two sessions, 1-3 s each) for every MiniLM test; batches then run two at a time.</summary>
public sealed class MiniLmFixture : IDisposable
{
    public MiniLmEmbeddingGenerator Generator { get; } = MiniLmEmbeddingGenerator.Load(batchSize: 4, parallelism: 2);

    public void Dispose() => Generator.Dispose();
}

/// <summary>
/// The MiniLM tests run alone, after the others: one of them measures how long the thread pool
/// takes to run a timer while the sessions use every core, and other test classes blocking pool
/// threads at the same moment would be measured with it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MiniLmCollection
{
    public const string Name = "MiniLM, alone";
}
