using FeedbackFix.Clustering.Embedding;

namespace FeedbackFix.Bench.Clustering;

/// <summary>
/// Research only (<c>--hybrid W</c>): each unit vector followed by W times the text's unit hashed
/// word and character n-gram vector, so the cosine becomes (cos_embedding + W^2 cos_terms) / (1 + W^2).
/// </summary>
internal static class HybridVectors
{
    public static float[][] Append(IReadOnlyList<float[]> vectors, IReadOnlyList<string> texts, double weight)
    {
        var hashing = new HashingEmbeddingGenerator();
        return vectors.Select((vector, i) =>
        {
            var norm = MathF.Sqrt(vector.Sum(x => x * x));
            var terms = hashing.Embed(EmbeddingText.For(texts[i], null));
            return vector.Select(x => x / norm).Concat(terms.Select(x => (float)weight * x)).ToArray();
        }).ToArray();
    }
}
