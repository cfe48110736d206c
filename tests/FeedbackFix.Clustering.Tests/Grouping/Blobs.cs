namespace FeedbackFix.Clustering.Tests.Grouping;

/// <summary>Deterministic test vectors: points scattered tightly around a chosen direction.</summary>
internal static class Blobs
{
    public const int Dimension = 16;

    /// <summary>The unit vector along <paramref name="axis"/>.</summary>
    public static float[] Axis(int axis)
    {
        var vector = new float[Dimension];
        vector[axis] = 1f;
        return vector;
    }

    /// <summary><paramref name="count"/> points near <paramref name="axis"/>, with small seeded noise.</summary>
    public static List<float[]> Around(int axis, int count, int seed, float noise = 0.1f)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var vector = Axis(axis);
            for (var d = 0; d < Dimension; d++)
            {
                vector[d] += noise * (float)(random.NextDouble() - 0.5);
            }

            return vector;
        }).ToList();
    }

    public static float Norm(float[] vector) => MathF.Sqrt(vector.Sum(x => x * x));
}
