namespace FeedbackFix.Domain;

/// <summary>New record ids, within the rule of <see cref="FeedbackFix.Contracts.RecordId"/>.</summary>
public static class Ids
{
    /// <summary>A new id: a version-7 GUID, so ids sort roughly by creation time.</summary>
    public static string New() => Guid.CreateVersion7().ToString("N");
}
