namespace FeedbackFix.Domain.Stores;

/// <summary>Who made a change: <c>worker</c>, an API key's name, or a person acting through a key (<see cref="Via"/>).</summary>
public sealed record Actor(string By, string? Via = null)
{
    public static Actor Worker { get; } = new("worker");
}
