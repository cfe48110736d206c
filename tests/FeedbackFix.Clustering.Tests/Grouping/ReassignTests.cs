using FeedbackFix.Clustering.Grouping;

namespace FeedbackFix.Clustering.Tests.Grouping;

public sealed class ReassignTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Passes_that_reuse_the_previous_bounds_end_exactly_where_full_searches_end(bool sparse) =>
        BoundedPassesEndWhereFullSearchesEnd(sparse, margin: 0f);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void With_a_margin_passes_that_reuse_the_previous_bounds_end_where_full_searches_end(bool sparse) =>
        BoundedPassesEndWhereFullSearchesEnd(sparse, margin: 0.01f);

    [Fact]
    public void A_sparse_member_counts_towards_the_cost_of_a_full_search_by_its_share_of_components()
    {
        var dense = new Cluster("dense", 100);
        dense.Add(Member.Of("d", VectorMath.Normalized([.. Enumerable.Range(0, 100).Select(f => 1f + f)])));
        var sparse = new Cluster("sparse", 100);
        var vector = new float[100];
        (vector[3], vector[40], vector[77], vector[90], vector[99]) = (1f, 2f, 1f, 0.5f, 1f);
        sparse.Add(Member.Of("s", VectorMath.Normalized(vector)));
        Assert.NotNull(sparse.Members[0].Support);

        Assert.Equal(1.05, Refiner.SearchCost([dense, sparse]), 6);
    }

    [Fact]
    public void A_store_of_sparse_members_searches_every_centroid_where_dense_members_of_the_same_count_search_among_neighbours()
    {
        // 3,000 members in 1,000 clusters: 3 million scores, over the bar for dense vectors; sparse ones of 20 components in 1,024 cost a fiftieth.
        const int dimension = 1024;
        var random = new Random(5);
        List<Cluster> Store(bool sparse) => [.. Enumerable.Range(0, 1000).Select(c =>
        {
            var cluster = new Cluster($"c{c}", dimension);
            for (var m = 0; m < 3; m++)
            {
                var vector = new float[dimension];
                for (var f = 0; f < (sparse ? 20 : dimension); f++)
                {
                    vector[sparse ? random.Next(dimension) : f] = 0.5f + (float)random.NextDouble();
                }
                cluster.Add(Member.Of($"c{c}-{m}", VectorMath.Normalized(vector)));
            }
            return cluster;
        })];
        var (sparseStore, denseStore) = (Store(sparse: true), Store(sparse: false));
        Assert.All(sparseStore.SelectMany(c => c.Members), m => Assert.NotNull(m.Support));

        Assert.Equal(0, Refiner.NeighboursFor(1, Refiner.SearchCost(sparseStore), sparseStore.Count));
        Assert.Equal(Refiner.NeighbourCentroids, Refiner.NeighboursFor(1, Refiner.SearchCost(denseStore), denseStore.Count));
        Assert.Equal(0, Refiner.NeighboursFor(0, Refiner.SearchCost(denseStore), denseStore.Count));
    }

    [Fact]
    public void A_member_whose_own_centroid_moved_away_is_searched_again_and_goes_to_an_unchanged_nearer_one()
    {
        var member = Member.Of("x", VectorMath.Normalized([0.8f, 0.6f, 0f]));
        var own = new Cluster("own", 3);
        own.Members.AddRange([Member.Of("a1", [1f, 0f, 0f]), Member.Of("a2", [1f, 0f, 0f]), member]);
        var other = new Cluster("other", 3);
        other.Members.AddRange([Member.Of("b1", [0f, 1f, 0f]), Member.Of("b2", [0f, 1f, 0f])]);
        List<Cluster> clusters = [own, other];
        clusters.ForEach(c => c.Recompute());
        ReassignBounds? bounds = null;
        Assert.Equal(0, Refiner.Reassign(clusters, ref bounds));

        // Its own cluster changes under it (its other members now point away); the other stays as it was.
        own.Members.RemoveAll(m => m.ItemId != "x");
        own.Members.AddRange([Member.Of("a3", [0f, -1f, 0f]), Member.Of("a4", [0f, -1f, 0f])]);
        own.Recompute();

        Assert.Equal(1, Refiner.Reassign(clusters, ref bounds));
        Assert.Contains(other.Members, m => m.ItemId == "x");
    }

    [Fact]
    public void A_member_nearer_another_centroid_by_less_than_the_margin_stays_and_by_more_moves()
    {
        var (clusters, straddler) = Straddling();
        var unit = (float[] v) => VectorMath.Normalized(v);
        var gain = VectorMath.Dot(straddler.Vector, unit(clusters[1].Sum)) - VectorMath.Dot(straddler.Vector, unit(clusters[0].Sum));
        Assert.True(gain > 0);

        var kept = Straddling().Clusters;
        Assert.Equal(0, Refiner.Reassign(kept, margin: gain * 2));
        Assert.Contains(kept[0].Members, m => m.ItemId == straddler.ItemId);

        var moved = Straddling().Clusters;
        Assert.Equal(1, Refiner.Reassign(moved, margin: gain / 2));
        Assert.Contains(moved[1].Members, m => m.ItemId == straddler.ItemId);
    }

    [Theory]
    [InlineData(false, 0f)]
    [InlineData(true, 0f)]
    [InlineData(false, 0.02f)]
    [InlineData(true, 0.02f)]
    public void Passes_among_neighbouring_centroids_move_members_between_neighbours_as_full_searches_do(bool sparse, float margin)
    {
        ReassignBounds? bounds = null;
        AssertPassesEndAsFullSearches(Ring(sparse), Ring(sparse), passes: 3, margin, near => Refiner.Reassign(near, ref bounds, margin, neighbourCount: 4));
        Assert.Null(bounds);
    }

    // Twenty-four topics on a ring (each closest to the two either side), a cluster each, and in each
    // cluster two members of the next topic: a pass moves them one cluster along.
    private static List<Cluster> Ring(bool sparse)
    {
        const int topics = 24;
        var dimension = sparse ? 128 : topics;
        var random = new Random(5);
        var clusters = Enumerable.Range(0, topics).Select(t => new Cluster($"t{t}", dimension)).ToList();
        for (var topic = 0; topic < topics; topic++)
        {
            for (var n = 0; n < 10; n++)
            {
                var vector = new float[dimension];
                vector[topic] = 1f;
                vector[(topic + 1) % topics] = 0.5f;
                vector[(topic + topics - 1) % topics] = 0.5f;
                if (sparse)
                {
                    vector[topics + random.Next(dimension - topics)] = 0.3f * (float)random.NextDouble();
                }
                else
                {
                    for (var f = 0; f < dimension; f++)
                    {
                        vector[f] += 0.05f * (float)random.NextDouble();
                    }
                }
                var home = n < 2 ? (topic + topics - 1) % topics : topic;
                clusters[home].Members.Add(Member.Of($"t{topic}-{n}", VectorMath.Normalized(vector)));
            }
        }

        clusters.ForEach(c => c.Recompute());
        Assert.Equal(sparse, clusters[0].Members[0].Support is not null);
        return clusters;
    }

    private static void BoundedPassesEndWhereFullSearchesEnd(bool sparse, float margin)
    {
        ReassignBounds? bounds = null;
        AssertPassesEndAsFullSearches(Scrambled(sparse), Scrambled(sparse), passes: 4, margin, bounded => Refiner.Reassign(bounded, ref bounds, margin));
    }

    // The same passes, full searches on one copy and the way under test on the other: the same moves, pass by pass, and the same partition.
    private static void AssertPassesEndAsFullSearches(List<Cluster> full, List<Cluster> other, int passes, float margin, Func<List<Cluster>, int> pass)
    {
        var fullMoves = new List<int>();
        var otherMoves = new List<int>();
        for (var p = 0; p < passes; p++)
        {
            fullMoves.Add(Refiner.Reassign(full, margin));
            full.RemoveAll(c => c.Count == 0);
            otherMoves.Add(pass(other));
            other.RemoveAll(c => c.Count == 0);
        }

        Assert.True(fullMoves[0] > 0);
        Assert.Equal(fullMoves, otherMoves);
        Assert.Equal(Partition(full), Partition(other));
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

    // Two tight clusters on two axes, and in the first a member nearer the second's centroid.
    private static (List<Cluster> Clusters, Member Straddler) Straddling()
    {
        var straddler = Member.Of("between", VectorMath.Normalized([0.3f, 0.95f, 0f]));
        var first = new Cluster("first", 3);
        first.Members.AddRange([Member.Of("a1", [1f, 0f, 0f]), Member.Of("a2", VectorMath.Normalized([1f, 0.1f, 0f])), straddler]);
        var second = new Cluster("second", 3);
        second.Members.AddRange([Member.Of("b1", [0f, 1f, 0f]), Member.Of("b2", VectorMath.Normalized([0.1f, 1f, 0f]))]);
        first.Recompute();
        second.Recompute();
        return ([first, second], straddler);
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
