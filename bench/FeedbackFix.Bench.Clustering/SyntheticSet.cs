using System.Globalization;
using FeedbackFix.Clustering.Grouping;

namespace FeedbackFix.Bench.Clustering;

/// <summary>
/// A labelled set of vectors at a size no public set has, to see what the worker's refinement costs
/// on a large store: <c>topics</c> random unit directions in 384 dimensions, each topic's reports
/// scattered around its direction (a member's cosine to it drawn from 0.55-0.85 per topic, loose and
/// tight topics alike), topic sizes falling off like a Zipf law (a few large topics, many small ones),
/// and a twentieth of the items strays in random directions that belong to no topic (label "stray").
/// </summary>
internal static class SyntheticSet
{
    public const int Dimension = 384;
    public const string StrayLabel = "stray";

    /// <summary>Parses <c>ITEMS:TOPICS</c>, e.g. <c>100000:5000</c>.</summary>
    public static (int Items, int Topics) Parse(string value)
    {
        var parts = value.Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var items)
            || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var topics) || items < 2 || topics < 1 || topics > items)
        {
            throw new ArgumentException($"--synthetic takes ITEMS:TOPICS (whole numbers, 1 <= TOPICS <= ITEMS); it is '{value}'.");
        }
        return (items, topics);
    }

    public static (IReadOnlyList<LabeledText> Rows, IReadOnlyList<float[]> Vectors) Generate(int items, int topics, int seed)
    {
        var random = new Random(seed);
        var centers = Enumerable.Range(0, topics).Select(_ => VectorMath.Normalized(Gaussian(random, 1f))).ToArray();
        // Per topic, the noise scale that gives its members the drawn cosine to the centre: 1 / sqrt(1 + d s^2).
        var noise = Enumerable.Range(0, topics).Select(_ =>
        {
            var cosine = 0.55 + 0.30 * random.NextDouble();
            return (float)Math.Sqrt((1 / (cosine * cosine) - 1) / Dimension);
        }).ToArray();
        var weights = Enumerable.Range(1, topics).Select(rank => 1.0 / rank).ToArray();
        var total = weights.Sum();
        var strays = items / 20;
        var rows = new List<LabeledText>(items);
        var vectors = new List<float[]>(items);
        for (var topic = 0; topic < topics; topic++)
        {
            // At least one report per topic; the rest shared by weight.
            var size = 1 + (int)((items - strays - topics) * weights[topic] / total);
            for (var i = 0; i < size; i++)
            {
                var scatter = Gaussian(random, noise[topic]);
                for (var d = 0; d < Dimension; d++)
                {
                    scatter[d] += centers[topic][d];
                }
                rows.Add(new LabeledText($"t{topic}-{i}", $"t{topic}"));
                vectors.Add(VectorMath.Normalized(scatter));
            }
        }
        while (rows.Count < items)
        {
            rows.Add(new LabeledText($"stray-{rows.Count}", StrayLabel));
            vectors.Add(VectorMath.Normalized(Gaussian(random, 1f)));
        }
        return (rows, vectors);
    }

    private static float[] Gaussian(Random random, float scale)
    {
        var vector = new float[Dimension];
        for (var d = 0; d < Dimension; d++)
        {
            // Box-Muller.
            var u = 1 - random.NextDouble();
            var v = random.NextDouble();
            vector[d] = scale * (float)(Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
        }
        return vector;
    }
}
