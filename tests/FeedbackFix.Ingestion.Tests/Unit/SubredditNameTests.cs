using FeedbackFix.Ingestion.Apis;

namespace FeedbackFix.Ingestion.Tests.Unit;

public sealed class SubredditNameTests
{
    [Theory]
    [InlineData("dotnet", "dotnet")]
    [InlineData("r/DotNet", "dotnet")]
    [InlineData("R/csharp", "csharp")]
    [InlineData(" aspnetcore ", "aspnetcore")]
    public void Names_are_normalized(string input, string expected)
    {
        Assert.True(SourceConfigApi.TryNormalize(input, out var name));
        Assert.Equal(expected, name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("r/")]
    [InlineData("a")]
    [InlineData("_underscore_first")]
    [InlineData("has space")]
    [InlineData("waytoolongforasubreddit")]
    [InlineData("r/r/dotnet")]
    public void Invalid_names_are_refused(string? input)
    {
        Assert.False(SourceConfigApi.TryNormalize(input, out _));
    }
}
