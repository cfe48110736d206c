namespace FeedbackFix.Poller.Reddit;

/// <summary>A listing page: its children, newest first, and the fullname cursors to the pages around it.</summary>
internal sealed record RedditListingData(string? After, string? Before, IReadOnlyList<RedditThing?>? Children);
