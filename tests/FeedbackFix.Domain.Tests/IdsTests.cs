namespace FeedbackFix.Domain.Tests;

public sealed class IdsTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("Z")]
    [InlineData("0")]
    [InlineData("abc-DEF_123")]
    [InlineData("-")]
    [InlineData("_")]
    [InlineData("0190a1b2c3d47e5f8a9b0c1d2e3f4a5b")]
    public void IsValid_accepts_letters_digits_dash_and_underscore(string id)
    {
        Assert.True(Ids.IsValid(id));
    }

    [Fact]
    public void IsValid_accepts_64_characters()
    {
        Assert.True(Ids.IsValid(new string('a', 64)));
    }

    [Fact]
    public void IsValid_rejects_65_characters()
    {
        Assert.False(Ids.IsValid(new string('a', 65)));
    }

    [Fact]
    public void IsValid_rejects_null()
    {
        Assert.False(Ids.IsValid(null));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("a b")]
    [InlineData(" abc")]
    [InlineData("abc ")]
    [InlineData("a/b")]
    [InlineData("/")]
    [InlineData("..")]
    [InlineData("a.b")]
    [InlineData("a:b")]
    [InlineData("a*")]
    [InlineData("a\tb")]
    [InlineData("abc\n")]
    [InlineData("\nabc")]
    [InlineData("abc\r\n")]
    [InlineData("abc\0")]
    [InlineData("café")]
    [InlineData("ü")]
    [InlineData("日本")]
    [InlineData("１２３")]
    [InlineData("٣")]
    [InlineData("\u212A")]
    [InlineData("a\u200Bb")]
    public void IsValid_rejects_anything_outside_the_pattern(string id)
    {
        Assert.False(Ids.IsValid(id));
    }

    [Fact]
    public void New_gives_a_valid_id()
    {
        var id = Ids.New();

        Assert.True(Ids.IsValid(id));
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
