namespace FeedbackFix.Contracts.Tests;

public sealed class RecordIdTests
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
        Assert.True(RecordId.IsValid(id));
    }

    [Fact]
    public void IsValid_accepts_64_characters()
    {
        Assert.True(RecordId.IsValid(new string('a', 64)));
    }

    [Fact]
    public void IsValid_rejects_65_characters()
    {
        Assert.False(RecordId.IsValid(new string('a', 65)));
    }

    [Fact]
    public void IsValid_rejects_null()
    {
        Assert.False(RecordId.IsValid(null));
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
        Assert.False(RecordId.IsValid(id));
    }

    [Fact]
    public void TryParse_gives_the_id_for_a_valid_text()
    {
        Assert.True(RecordId.TryParse("abc-DEF_123", null, out var id));
        Assert.Equal("abc-DEF_123", id.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("abc\n")]
    public void TryParse_refuses_what_the_rule_refuses(string? text)
    {
        Assert.False(RecordId.TryParse(text, null, out _));
    }
}
