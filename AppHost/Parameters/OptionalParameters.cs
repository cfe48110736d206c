using Microsoft.Extensions.Configuration;

namespace FeedbackFix.AppHost.Parameters;

internal static class OptionalParameters
{
    /// <summary>
    /// Hands a resource an AppHost parameter as an environment variable only when the parameter has a
    /// value, so a developer without, say, Reddit or GitHub credentials still gets a running system
    /// (and a clear message from the service that needs the setting).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithOptionalParameter(
        this IResourceBuilder<ProjectResource> resource, string parameter, string variable, bool secret = false)
    {
        var builder = resource.ApplicationBuilder;
        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"Parameters:{parameter}"]))
        {
            resource.WithEnvironment(variable, builder.AddParameter(parameter, secret));
        }
        return resource;
    }
}
