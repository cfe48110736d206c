using FeedbackFix.Contracts.Feedback;

namespace FeedbackFix.Poller.Reddit;

/// <summary>One child of a listing; posts are kind <c>t3</c>.</summary>
internal sealed record RedditThing(string? Kind, RedditPost? Data);
