namespace FeedbackFix.Ingestion.Tests.Support;

/// <summary>Values no other test uses, so tests never see each other's data.</summary>
public static class Unique
{
    /// <summary>16 lower-case hex characters: fits a manual external id and a Reddit fullname alike.</summary>
    public static string Token() => Guid.NewGuid().ToString("N")[..16];

    public static string RedditName() => "t3_" + Token();
}
