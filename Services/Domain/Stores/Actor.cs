using FeedbackFix.Contracts.Clusters;

namespace FeedbackFix.Domain.Stores;

/// <summary>Who made a change: one of <see cref="ActivityActors"/>, an API key's name, or a person acting through a key (<see cref="Via"/>).</summary>
public sealed record Actor(string By, string? Via = null)
{
    /// <summary>Who acted when a request did not come through the gateway, which names the caller.</summary>
    public const string Unknown = "unknown";

    private const int MaxNameLength = 100;

    public static Actor Worker { get; } = new(ActivityActors.Worker);

    /// <summary>GitHub's deliveries about a fix's pull request.</summary>
    public static Actor GitHub { get; } = new(ActivityActors.GitHub);

    /// <summary>A fix's coding agent, reporting on its job with the job's token.</summary>
    public static Actor Agent { get; } = new(ActivityActors.Agent);

    /// <summary>The agent orchestrator, failing a job whose agent could not start, stopped or went quiet.</summary>
    public static Actor Orchestrator { get; } = new(ActivityActors.Orchestrator);

    /// <summary>Ingestion's retention, deleting reports older than the configured age.</summary>
    public static Actor Retention { get; } = new(ActivityActors.Retention);

    /// <summary>
    /// The actor of a request: the API key's name the gateway forwards, or the person a client (the
    /// dashboard) names acting under its own key; names are trimmed, bounded and free of control characters.
    /// </summary>
    public static Actor FromCaller(string? keyName, string? onBehalfOf)
    {
        var key = Clean(keyName) ?? Unknown;
        return Clean(onBehalfOf) is { } person ? new Actor(person, key) : new Actor(key);
    }

    private static string? Clean(string? value)
    {
        var trimmed = value?.Trim() ?? "";
        if (trimmed.Length == 0 || trimmed.Any(char.IsControl))
        {
            return null;
        }
        return trimmed.Length <= MaxNameLength ? trimmed : trimmed[..MaxNameLength];
    }
}
