using Microsoft.Extensions.Options;

namespace FeedbackFix.Poller.Tests;

public sealed class OptionsTests
{
    [Theory]
    [InlineData("", "Reddit:UserAgent")]
    [InlineData("FeedbackFix/1.0", "Reddit:UserAgent")]
    [InlineData("dotnet:feedbackfix:1.0 by someone", "Reddit:UserAgent")]
    public async Task A_user_agent_not_in_Reddits_form_fails_at_start_naming_the_setting(string userAgent, string named)
    {
        await using var scenario = await PollerScenario.StartAsync(new() { ["Reddit:UserAgent"] = userAgent });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => scenario.App.StartAsync());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_id_without_a_secret_fails_at_start_naming_both_settings()
    {
        await using var scenario = await PollerScenario.StartAsync(new() { ["Reddit:ClientId"] = "only-the-id" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => scenario.App.StartAsync());

        Assert.Contains("Reddit:ClientId", error.Message, StringComparison.Ordinal);
        Assert.Contains("Reddit:ClientSecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_follow_whether_OAuth_is_configured()
    {
        var anonymous = new RedditOptions { UserAgent = PollerScenario.UserAgent };
        var oauth = new RedditOptions { UserAgent = PollerScenario.UserAgent, ClientId = "id", ClientSecret = "secret" };

        Assert.Equal(10, anonymous.EffectiveRequestsPerMinute);
        Assert.Equal(new Uri("https://www.reddit.com/"), anonymous.EffectiveBaseUrl);
        Assert.Equal(60, oauth.EffectiveRequestsPerMinute);
        Assert.Equal(new Uri("https://oauth.reddit.com/"), oauth.EffectiveBaseUrl);
        Assert.Equal(TimeSpan.FromSeconds(60), anonymous.PollInterval);
        Assert.Equal(new Uri("https://www.reddit.com/"), new RedditOptions { BaseUrl = "" }.EffectiveBaseUrl);
    }
}
