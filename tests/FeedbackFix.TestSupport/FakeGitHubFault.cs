using Microsoft.AspNetCore.Http;

namespace FeedbackFix.TestSupport;

/// <summary>An injected failure waiting for its next <see cref="Remaining"/> matching requests.</summary>
internal sealed class FakeGitHubFault(string name, string? pathPrefix, int times, Func<HttpContext, RequestDelegate, Task> handle)
{
    public string Name { get; } = name;

    public string? PathPrefix { get; } = pathPrefix;

    public int Remaining { get; set; } = times;

    /// <summary>Answers the request, or passes it on to the given delegate to be served normally.</summary>
    public Func<HttpContext, RequestDelegate, Task> Handle { get; } = handle;
}
