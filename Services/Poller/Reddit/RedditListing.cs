namespace FeedbackFix.Poller.Reddit;

/// <summary>Reddit's listing envelope: <c>{"kind":"Listing","data":{...}}</c>.</summary>
internal sealed record RedditListing(string? Kind, RedditListingData? Data);
