using FeedbackFix.AppHost.Parameters;

namespace FeedbackFix.AppHost.Sources;

internal static class RedditPollerExtensions
{
    /// <summary>
    /// Hands the poller its Reddit settings from AppHost parameters. <c>reddit-user-agent</c> always
    /// (Reddit refuses clients without a proper one); <c>reddit-base-url</c>, <c>reddit-client-id</c>
    /// and the secret <c>reddit-client-secret</c> only when configured, so a developer without Reddit
    /// credentials gets the public JSON. <c>reddit-poll-interval</c> (a TimeSpan) likewise.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithRedditSettings(this IResourceBuilder<ProjectResource> poller, IDistributedApplicationBuilder builder) =>
        poller
            .WithEnvironment("Reddit__UserAgent", builder.AddParameter("reddit-user-agent"))
            .WithOptionalParameter("reddit-base-url", "Reddit__BaseUrl")
            .WithOptionalParameter("reddit-client-id", "Reddit__ClientId")
            .WithOptionalParameter("reddit-client-secret", "Reddit__ClientSecret", secret: true)
            .WithOptionalParameter("reddit-poll-interval", "Reddit__PollInterval");
}
