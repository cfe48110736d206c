using FeedbackFix.Clustering.Grouping;

namespace FeedbackFix.Clustering.Tests.Grouping;

public sealed class ReassignTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Passes_that_reuse_the_previous_bounds_end_exactly_where_full_searches_end(bool sparse)
    {
        var full = Scrambled(sparse);
        var bounded = Scrambled(sparse);

        var fullMoves = new List<int>();
        var boundedMoves = new List<int>();
        ReassignBounds? bounds = null;
        for (var pass = 0; pass < 4; pass++)
        {
            fullMoves.Add(Refiner.Reassign(full));
            full.RemoveAll(c => c.Count == 0);
            boundedMoves.Add(Refiner.Reassign(bounded, ref bounds));
            bounded.RemoveAll(c => c.Count == 0);
        }

        Assert.Equal(fullMoves, boundedMoves);
        Assert.True(fullMoves[0] > 0);
        Assert.Equal(Partition(full), Partition(bounded));
    }

    [Fact]
    public void Refinements_that_carry_bounds_over_online_arrivals_end_where_fresh_refinements_end()
    {
        var options = new GroupingOptions { MergeThreshold = 1.0, MinClusterSize = 1 };
        var carried = Scrambled(sparse: true);
        var fresh = Scrambled(sparse: true);
        var arrivals = Scrambled(sparse: true, seed: 12).SelectMany(c => c.Members).ToList();
        var memory = new RefineMemory();

        for (var round = 0; round < 3; round++)
        {
            carried = Refiner.Run(carried, options, _ => false, memory).Clusters;
            fresh = Refiner.Run(fresh, options, _ => false).Clusters;
            Assert.Equal(Partition(fresh), Partition(carried));

            // New items join clusters online between refinements, as ClusterSpace.Assign does.
            foreach (var member in arrivals.Skip(round * 30).Take(30))
            {
                var row = Math.Abs(member.ItemId.GetHashCode(StringComparison.Ordinal)) % carried.Count;
                carried[row].Add(member with { ItemId = $"r{round}-{member.ItemId}" });
                fresh[row].Add(member with { ItemId = $"r{round}-{member.ItemId}" });
            }
        }
    }

    // Eight topics of 40 items dealt round-robin into 12 clusters, so the passes have work to do.
    private static List<Cluster> Scrambled(bool sparse, int seed = 11)
    {
        const int dimension = 128;
        var random = new Random(seed);
        var clusters = Enumerable.Range(0, 12).Select(i => new Cluster($"c{i}", dimension)).ToList();
        var item = 0;
        for (var topic = 0; topic < 8; topic++)
        {
            for (var n = 0; n < 40; n++)
            {
                var vector = new float[dimension];
                var active = sparse ? 12 : dimension;
                for (var k = 0; k < active; k++)
                {
                    var f = sparse ? (topic * 16 + random.Next(20)) % dimension : k;
                    vector[f] += (sparse ? 1f : topic == k % 8 ? 1f : 0f) + 0.5f * (float)random.NextDouble();
                }

                var norm = MathF.Sqrt(vector.Sum(v => v * v));
                clusters[item++ % clusters.Count].Members.Add(Member.Of($"i{item}", [.. vector.Select(v => v / norm)]));
            }
        }

        clusters.ForEach(c => c.Recompute());
        Assert.Equal(sparse, clusters[0].Members[0].Support is not null);
        return clusters;
    }

    private static List<string> Partition(List<Cluster> clusters) =>
        [.. clusters.Select(c => $"{c.Id}:{string.Join(',', c.Members.Select(m => m.ItemId))}")];
}
