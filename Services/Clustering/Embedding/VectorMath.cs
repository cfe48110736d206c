using System.Numerics;
using System.Runtime.InteropServices;

namespace FeedbackFix.Clustering.Embedding;

/// <summary>The little vector arithmetic the embedding layer needs.</summary>
internal static class VectorMath
{
    /// <summary>Scales <paramref name="vector"/> to unit length in place; a zero vector stays zero.</summary>
    public static void NormalizeInPlace(Span<float> vector)
    {
        var norm = MathF.Sqrt(Dot(vector, vector));
        if (norm <= 0f || !float.IsFinite(norm))
        {
            return;
        }

        var scale = 1f / norm;
        var i = 0;
        if (Vector.IsHardwareAccelerated && vector.Length >= Vector<float>.Count)
        {
            var wide = MemoryMarshal.Cast<float, Vector<float>>(vector);
            for (var w = 0; w < wide.Length; w++)
            {
                wide[w] *= scale;
            }

            i = wide.Length * Vector<float>.Count;
        }

        for (; i < vector.Length; i++)
        {
            vector[i] *= scale;
        }
    }

    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0f;
        var i = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<float>.Count)
        {
            var acc = Vector<float>.Zero;
            var wa = MemoryMarshal.Cast<float, Vector<float>>(a);
            var wb = MemoryMarshal.Cast<float, Vector<float>>(b);
            for (var w = 0; w < wa.Length; w++)
            {
                acc += wa[w] * wb[w];
            }

            sum = Vector.Sum(acc);
            i = wa.Length * Vector<float>.Count;
        }

        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
