using Microsoft.AspNetCore.Http;

namespace FeedbackFix.TestSupport;

/// <summary>An injected failure waiting for its next <see cref="Remaining"/> matching requests.</summary>
internal sealed class FakeGitHubFault(string name, string? pathPrefix, int times, Func<HttpContext, Task> write)
{
    public string Name { get; } = name;

    public string? PathPrefix { get; } = pathPrefix;

    public int Remaining { get; set; } = times;

    public Func<HttpContext, Task> Write { get; } = write;
}
