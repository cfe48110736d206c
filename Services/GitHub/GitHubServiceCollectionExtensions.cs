using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FeedbackFix.GitHub;

public static class GitHubServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="GitHubOptions"/> to the "GitHub" section and registers <see cref="GitHubCalls"/>
    /// and <see cref="TimeProvider.System"/> (unless one is registered). The token is deliberately not
    /// validated at start: a missing token fails the fix that needs it, with a message naming the setting.
    /// </summary>
    public static IServiceCollection AddGitHub(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<GitHubOptions>()
            .BindConfiguration(GitHubOptions.Section)
            .ValidateDataAnnotations();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GitHubCalls>();
        return services;
    }
}
