using System.Numerics;
using System.Runtime.InteropServices;

namespace FeedbackFix.Clustering.Grouping;

/// <summary>The few dense-vector operations the grouping needs, SIMD through <see cref="Vector{T}"/>.</summary>
internal static class VectorMath
{
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        var i = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<float>.Count)
        {
            var va = MemoryMarshal.Cast<float, Vector<float>>(a);
            var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            for (var v = 0; v < va.Length; v++)
            {
                sum += va[v] * vb[v];
            }

            i = va.Length * Vector<float>.Count;
        }

        var result = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            result += a[i] * b[i];
        }

        return result;
    }

    public static void Add(Span<float> target, ReadOnlySpan<float> source, float scale = 1f)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && target.Length >= Vector<float>.Count)
        {
            var vt = MemoryMarshal.Cast<float, Vector<float>>(target);
            var vs = MemoryMarshal.Cast<float, Vector<float>>(source);
            var factor = new Vector<float>(scale);
            for (var v = 0; v < vt.Length; v++)
            {
                vt[v] += factor * vs[v];
            }

            i = vt.Length * Vector<float>.Count;
        }

        for (; i < target.Length; i++)
        {
            target[i] += scale * source[i];
        }
    }

    /// <summary>Writes <paramref name="source"/> scaled to unit length; a zero vector stays zero.</summary>
    public static void Normalize(ReadOnlySpan<float> source, Span<float> target)
    {
        var norm = MathF.Sqrt(Dot(source, source));
        var scale = norm > 0f ? 1f / norm : 0f;
        for (var i = 0; i < source.Length; i++)
        {
            target[i] = source[i] * scale;
        }
    }

    /// <summary>
    /// A cluster's tightness: the mean cosine of its members to their centroid, from the squared
    /// length of the sum of its <paramref name="count"/> unit vectors (|sum| / n).
    /// </summary>
    public static float Tightness(float squaredSum, float count) => MathF.Sqrt(MathF.Max(0f, squaredSum)) / count;

    public static float[] Normalized(ReadOnlySpan<float> source)
    {
        var result = new float[source.Length];
        Normalize(source, result);
        return result;
    }
}
