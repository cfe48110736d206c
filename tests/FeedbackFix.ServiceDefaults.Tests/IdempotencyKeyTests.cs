using Microsoft.AspNetCore.Builder;

namespace FeedbackFix.ServiceDefaults.Tests;

public sealed class IdempotencyKeyTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("3f1c9a52-6a0e-4d55-9a3e-1b2c7d8e9f10")]
    [InlineData("!~order:42/retry#1")]
    public void Visible_ascii_of_1_to_255_characters_is_a_key(string key) => Assert.True(IdempotencyKeys.IsValid(key));

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("tab\t")]
    [InlineData("café")]
    [InlineData("nul\0")]
    public void Anything_else_is_not(string key) => Assert.False(IdempotencyKeys.IsValid(key));

    [Theory]
    [InlineData("start_fix@dashboard")]
    [InlineData("start:fix")]
    [InlineData("")]
    public void A_route_scope_that_could_run_into_a_clients_name_or_the_key_is_refused_at_start(string scope)
    {
        var app = WebApplication.CreateSlimBuilder().Build();

        Assert.Throws<ArgumentException>(() => app.MapPost("/things", () => "ok").WithIdempotencyKey(scope));
    }

    [Fact]
    public void The_length_limit_is_255()
    {
        Assert.True(IdempotencyKeys.IsValid(new string('k', 255)));
        Assert.False(IdempotencyKeys.IsValid(new string('k', 256)));
    }
}
