using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FeedbackFix.GitHub.Tests;

public sealed class GitHubServiceCollectionExtensionsTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings, Action<IServiceCollection>? before = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        before?.Invoke(services);
        services.AddGitHub();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void Binds_the_github_section()
    {
        using var provider = Services(new()
        {
            ["GitHub:Token"] = "ghp_x",
            ["GitHub:ApiUrl"] = "http://127.0.0.1:5000/",
            ["GitHub:MaxRetries"] = "2",
            ["GitHub:MaxRateLimitWait"] = "00:00:30",
        });

        var options = provider.GetRequiredService<IOptions<GitHubOptions>>().Value;

        Assert.Equal("ghp_x", options.Token);
        Assert.Equal("http://127.0.0.1:5000/", options.ApiUrl);
        Assert.Equal(2, options.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(30), options.MaxRateLimitWait);
        Assert.Equal(TimeSpan.FromSeconds(1), options.RetryBaseDelay);
    }

    [Fact]
    public void A_missing_token_does_not_stop_the_service_from_resolving_its_github_calls()
    {
        using var provider = Services([]);

        var calls = provider.GetRequiredService<GitHubCalls>();

        Assert.NotNull(calls);
        Assert.Null(provider.GetRequiredService<IOptions<GitHubOptions>>().Value.Token);
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void Keeps_a_time_provider_registered_before()
    {
        var time = new ShiftedTimeProvider();

        using var provider = Services([], services => services.AddSingleton<TimeProvider>(time));

        Assert.Same(time, provider.GetRequiredService<TimeProvider>());
    }

    [Theory]
    [InlineData("GitHub:MaxRetries", "-1")]
    [InlineData("GitHub:ApiUrl", "not a url")]
    public void Rejects_unusable_settings(string key, string value)
    {
        using var provider = Services(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GitHubOptions>>().Value);

        Assert.Contains(key.Split(':')[1], error.Message, StringComparison.Ordinal);
    }

    private sealed class ShiftedTimeProvider : TimeProvider;
}
