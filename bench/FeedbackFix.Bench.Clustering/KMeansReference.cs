using FeedbackFix.Clustering.Grouping;

namespace FeedbackFix.Bench.Clustering;

/// <summary>
/// The bar an online partition must beat (docs/benchmarks.md, "Clustering quality"): offline k-means
/// told the true number of groups, on the same vectors, with k-means++ seeding, keeping the start of
/// lowest inertia out of a few with fixed seeds. Cosine geometry as the worker's: every vector is
/// normalised, an item goes to the centroid of highest cosine, a centroid is the normalised mean of its
/// members (spherical k-means), and inertia is the sum over items of 1 − cosine to their centroid.
/// </summary>
internal static class KMeansReference
{
    public const int DefaultStarts = 5;

    /// <summary>Iterations per start; a start also ends as soon as an assignment pass moves nothing.</summary>
    public const int MaxIterations = 100;

    /// <summary>Runs <paramref name="starts"/> starts with the seeds <paramref name="firstSeed"/>, +1, ... and keeps the lowest inertia.</summary>
    public static KMeansResult Run(IReadOnlyList<float[]> vectors, int k, int starts = DefaultStarts, int firstSeed = 1)
    {
        if (k < 1 || k > vectors.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(k), $"k must be between 1 and the {vectors.Count} items.");
        }

        var unit = vectors.Select(v => VectorMath.Normalized(v)).ToArray();
        KMeansResult? best = null;
        for (var seed = firstSeed; seed < firstSeed + starts; seed++)
        {
            var result = OneStart(unit, k, seed);
            if (best is null || result.Inertia < best.Inertia)
            {
                best = result;
            }
        }

        return best ?? throw new ArgumentOutOfRangeException(nameof(starts), "At least one start is needed.");
    }

    internal static KMeansResult OneStart(float[][] unit, int k, int seed)
    {
        var random = new Random(seed);
        var centroids = PlusPlusSeeds(unit, k, random);
        var assignment = Enumerable.Repeat(-1, unit.Length).ToArray();
        var iterations = 0;
        while (iterations < MaxIterations)
        {
            iterations++;
            var moved = Assign(unit, centroids, assignment);
            if (moved == 0)
            {
                break;
            }

            Update(unit, centroids, assignment);
        }

        var inertia = 0.0;
        for (var i = 0; i < unit.Length; i++)
        {
            inertia += 1 - VectorMath.Dot(unit[i], centroids[assignment[i]]);
        }

        return new KMeansResult(assignment, inertia, iterations, seed);
    }

    /// <summary>
    /// k-means++: the first centre is an item drawn uniformly, each next one an item drawn with
    /// probability proportional to its squared distance to the nearest centre so far, which for unit
    /// vectors is 2(1 − cosine).
    /// </summary>
    private static float[][] PlusPlusSeeds(float[][] unit, int k, Random random)
    {
        var centroids = new float[k][];
        var nearest = new double[unit.Length];
        Array.Fill(nearest, double.PositiveInfinity);
        var next = random.Next(unit.Length);
        for (var c = 0; c < k; c++)
        {
            centroids[c] = (float[])unit[next].Clone();
            var total = 0.0;
            for (var i = 0; i < unit.Length; i++)
            {
                nearest[i] = Math.Min(nearest[i], Math.Max(0, 2 * (1 - VectorMath.Dot(unit[i], centroids[c]))));
                total += nearest[i];
            }

            next = Draw(nearest, total, random);
        }

        return centroids;
    }

    // An index drawn with probability weight/total; uniformly when every weight is 0 (all items on a centre).
    private static int Draw(double[] weights, double total, Random random)
    {
        if (total <= 0)
        {
            return random.Next(weights.Length);
        }

        var target = random.NextDouble() * total;
        for (var i = 0; i < weights.Length; i++)
        {
            target -= weights[i];
            if (target < 0)
            {
                return i;
            }
        }

        return Array.FindLastIndex(weights, w => w > 0);
    }

    // Each item to the centroid of highest cosine (the lower index on a tie); returns how many changed.
    private static int Assign(float[][] unit, float[][] centroids, int[] assignment)
    {
        var moved = 0;
        for (var i = 0; i < unit.Length; i++)
        {
            var (bestIndex, bestCosine) = (0, float.NegativeInfinity);
            for (var c = 0; c < centroids.Length; c++)
            {
                var cosine = VectorMath.Dot(unit[i], centroids[c]);
                if (cosine > bestCosine)
                {
                    (bestIndex, bestCosine) = (c, cosine);
                }
            }

            if (assignment[i] != bestIndex)
            {
                assignment[i] = bestIndex;
                moved++;
            }
        }

        return moved;
    }

    // Centroids as the normalised sums of their members. A cluster left empty takes the item farthest
    // from its own centroid (not a cluster's last member), so k clusters remain.
    private static void Update(float[][] unit, float[][] centroids, int[] assignment)
    {
        var dimensions = unit[0].Length;
        var sums = centroids.Select(_ => new float[dimensions]).ToArray();
        var sizes = new int[centroids.Length];
        for (var i = 0; i < unit.Length; i++)
        {
            VectorMath.Add(sums[assignment[i]], unit[i]);
            sizes[assignment[i]]++;
        }

        for (var c = 0; c < centroids.Length; c++)
        {
            if (sizes[c] > 0)
            {
                VectorMath.Normalize(sums[c], centroids[c]);
            }
        }

        for (var c = 0; c < centroids.Length; c++)
        {
            if (sizes[c] > 0)
            {
                continue;
            }

            var farthest = Enumerable.Range(0, unit.Length)
                .Where(i => sizes[assignment[i]] > 1)
                .MinBy(i => VectorMath.Dot(unit[i], centroids[assignment[i]]));
            sizes[assignment[farthest]]--;
            assignment[farthest] = c;
            sizes[c] = 1;
            centroids[c] = (float[])unit[farthest].Clone();
        }
    }
}

/// <summary>The kept start: each item's cluster (0 to k − 1), its inertia, how many iterations it ran and its seed.</summary>
internal sealed record KMeansResult(int[] Assignment, double Inertia, int Iterations, int Seed);
