using FeedbackFix.Contracts.Feedback;

namespace FeedbackFix.Domain.Stores;

public sealed record FeedbackCounts(long Total, long Unclustered, IReadOnlyDictionary<FeedbackSource, long> BySource);
