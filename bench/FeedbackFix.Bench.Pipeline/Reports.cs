using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;

namespace FeedbackFix.Bench.Pipeline;

/// <summary>Feedback as the bench writes it: one TSV text as the title, like a short manual report.</summary>
internal static class Reports
{
    public static NewFeedback From(string text) => new(
        FeedbackSource.Manual,
        ExternalId: null,
        Title: text.Length <= FeedbackLimits.TitleMaxLength ? text : text[..FeedbackLimits.TitleMaxLength],
        Body: "",
        Url: null,
        Author: "bench",
        CreatedAt: DateTimeOffset.UtcNow);
}
