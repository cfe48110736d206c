using Microsoft.Extensions.AI;

namespace FeedbackFix.Clustering.Tests.Embedding;

internal static class Cosine
{
    public static float Of(Embedding<float> a, Embedding<float> b) => Of(a.Vector.Span, b.Vector.Span);

    public static float Of(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return dot / MathF.Sqrt(na * nb);
    }

    public static float Norm(ReadOnlySpan<float> v)
    {
        float sum = 0;
        foreach (var x in v)
        {
            sum += x * x;
        }

        return MathF.Sqrt(sum);
    }
}
