using FeedbackFix.Contracts;

namespace FeedbackFix.Domain.Tests;

public sealed class IdsTests
{
    [Fact]
    public void New_gives_a_valid_id()
    {
        var id = Ids.New();

        Assert.True(RecordId.IsValid(id));
    }

    [Fact]
    public void New_gives_unique_ids()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => Ids.New()).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void New_gives_unique_ids_across_threads()
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<string>();

        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 1_000; i++)
            {
                ids.Add(Ids.New());
            }
        });

        Assert.Equal(8_000, ids.Distinct(StringComparer.Ordinal).Count());
    }
}
