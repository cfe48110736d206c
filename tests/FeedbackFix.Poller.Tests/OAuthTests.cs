using Microsoft.Extensions.Time.Testing;

namespace FeedbackFix.Poller.Tests;

public sealed class OAuthTests
{
    private static readonly Dictionary<string, string?> Credentials = new()
    {
        ["Reddit:ClientId"] = "poller-client",
        ["Reddit:ClientSecret"] = "poller-secret",
    };

    [Fact]
    public async Task With_client_credentials_one_token_is_fetched_and_sent_as_Bearer_on_every_request()
    {
        await using var scenario = await PollerScenario.StartAsync(Credentials);
        scenario.Reddit.OAuthClient = ("poller-client", "poller-secret");
        await scenario.ConfigureSubredditsAsync("one", "two", "three");
        scenario.Reddit.Subreddit("one").Publish(2);

        await scenario.PollOnceAsync();
        var summary = await scenario.PollOnceAsync();

        Assert.Empty(summary.Failed);
        Assert.Equal(1, scenario.Reddit.TokensIssued);
        Assert.All(scenario.Reddit.Requests, r => Assert.Equal("Bearer token-1", r.Authorization));
        Assert.All(scenario.Reddit.Requests, r => Assert.Equal(PollerScenario.UserAgent, r.UserAgent));
        Assert.Equal(2, scenario.Reddit.IngestedNames.Count);
    }

    [Fact]
    public async Task The_token_is_renewed_before_it_expires()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var scenario = await PollerScenario.StartAsync(Credentials, tokenClock: clock);
        scenario.Reddit.OAuthClient = ("poller-client", "poller-secret");
        scenario.Reddit.TokenLifetimeSeconds = 3;
        await scenario.ConfigureSubredditsAsync("dotnet");
        scenario.Reddit.Subreddit("dotnet").Publish(2);
        await scenario.PollOnceAsync();
        var issuedAfterFirst = scenario.Reddit.TokensIssued;

        // On the token's clock past the renewal point (a tenth of the lifetime early) but before the token expires.
        clock.Advance(TimeSpan.FromMilliseconds(2_800));
        var summary = await scenario.PollOnceAsync();

        Assert.Equal(1, issuedAfterFirst);
        Assert.Equal(2, scenario.Reddit.TokensIssued);
        Assert.Empty(summary.Failed);
        Assert.Equal("Bearer token-2", scenario.Reddit.Requests.Last().Authorization);
        Assert.DoesNotContain(scenario.Reddit.Requests, r => r.Status == 401);
    }

    [Fact]
    public async Task Without_credentials_the_public_json_is_read_with_no_token()
    {
        await using var scenario = await PollerScenario.StartAsync();
        await scenario.ConfigureSubredditsAsync("dotnet");
        scenario.Reddit.Subreddit("dotnet").Publish(2);

        await scenario.PollOnceAsync();

        Assert.Equal(0, scenario.Reddit.TokensIssued);
        var request = Assert.Single(scenario.Reddit.Requests);
        Assert.Null(request.Authorization);
        Assert.Equal(PollerScenario.UserAgent, request.UserAgent);
    }

    [Fact]
    public async Task A_refused_token_is_replaced_once_and_the_request_repeated()
    {
        await using var scenario = await PollerScenario.StartAsync(Credentials);
        scenario.Reddit.OAuthClient = ("poller-client", "poller-secret");
        await scenario.ConfigureSubredditsAsync("dotnet");
        var sub = scenario.Reddit.Subreddit("dotnet");
        sub.Publish(2);
        await scenario.PollOnceAsync();
        scenario.Reddit.RevokeTokens();
        sub.Publish(1);

        var summary = await scenario.PollOnceAsync();

        Assert.Empty(summary.Failed);
        Assert.Equal(1, summary.Ingested);
        Assert.Equal(2, scenario.Reddit.TokensIssued);
        Assert.Equal([200, 401, 200], scenario.Reddit.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task Refused_client_credentials_fail_the_cycle_without_reading_any_listing()
    {
        await using var scenario = await PollerScenario.StartAsync(Credentials);
        scenario.Reddit.OAuthClient = ("poller-client", "another-secret");
        await scenario.ConfigureSubredditsAsync("one", "two");
        scenario.Reddit.Subreddit("one").Publish(2);

        var summary = await scenario.PollOnceAsync();

        Assert.Equal(["one", "two"], summary.Failed);
        Assert.Empty(scenario.Reddit.Requests);
        Assert.Equal(0, scenario.Reddit.TokensIssued);
    }
}
