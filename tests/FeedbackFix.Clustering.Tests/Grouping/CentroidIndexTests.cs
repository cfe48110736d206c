using FeedbackFix.Clustering.Grouping;

namespace FeedbackFix.Clustering.Tests.Grouping;

public sealed class CentroidIndexTests
{
    private const int Dimension = 256;

    [Fact]
    public void A_sparse_member_finds_the_same_nearest_centroid_as_the_dense_scan()
    {
        var random = new Random(7);
        var index = new CentroidIndex(Dimension);
        // More rows than the first capacity, so the column copy is re-laid as it grows.
        for (var row = 0; row < 150; row++)
        {
            index.Append(Unit([.. Enumerable.Range(0, Dimension).Select(_ => (float)random.NextDouble())]));
        }
        index.Set(3, Unit([.. Enumerable.Range(0, Dimension).Select(f => f % 5 == 0 ? 1f : 0f)]));

        for (var query = 0; query < 50; query++)
        {
            var vector = new float[Dimension];
            for (var f = 0; f < 20; f++)
            {
                vector[random.Next(Dimension)] = (float)random.NextDouble();
            }
            var member = Member.Of($"q{query}", Unit(vector));
            Assert.NotNull(member.Support);

            var sparse = index.Nearest(member, skip: query % 3 == 0 ? 3 : -1);
            var dense = index.Nearest(member.Vector, skip: query % 3 == 0 ? 3 : -1);

            Assert.Equal(dense.Row, sparse.Row);
            Assert.Equal(dense.Similarity, sparse.Similarity, 5);
        }
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(true, 3)]
    [InlineData(true, 9)]
    [InlineData(false, 9)]
    public void Scores_against_chosen_rows_are_exactly_those_of_one_row_at_a_time(bool sparse, int rowCount)
    {
        var random = new Random(11);
        var index = new CentroidIndex(Dimension);
        for (var row = 0; row < 40; row++)
        {
            index.Append(Unit([.. Enumerable.Range(0, Dimension).Select(_ => (float)random.NextDouble() - 0.3f)]));
        }
        var vector = sparse
            ? [.. Enumerable.Range(0, Dimension).Select(f => f % 11 == 0 ? (float)random.NextDouble() : 0f)]
            : Enumerable.Range(0, Dimension).Select(_ => (float)random.NextDouble()).ToArray();
        var member = Member.Of("m", Unit(vector));
        Assert.Equal(sparse, member.Support is not null);
        int[] rows = [.. Enumerable.Range(0, rowCount).Select(i => (i * 7 + 2) % 40)];
        var similarities = new float[rowCount];

        index.Similarities(member, rows, similarities);

        // Bit for bit: a member's own score and its neighbours' are compared with each other.
        Assert.Equal(rows.Select(r => index.Similarity(member, r)), similarities);
    }

    [Fact]
    public void A_dense_vector_is_searched_row_by_row()
    {
        var member = Member.Of("dense", Unit([.. Enumerable.Range(0, Dimension).Select(f => 1f + f)]));

        Assert.Null(member.Support);
    }

    [Fact]
    public void An_empty_index_has_no_nearest_row()
    {
        var index = new CentroidIndex(Dimension);
        var vector = new float[Dimension];
        vector[1] = 1f;

        Assert.Equal(-1, index.Nearest(Member.Of("x", vector)).Row);
    }

    private static float[] Unit(float[] vector)
    {
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return [.. vector.Select(v => v / norm)];
    }
}
