using System.Text.Json;
using FeedbackFix.Contracts.Feedback;

namespace FeedbackFix.Domain.Model;

/// <summary>Feedback as a source hands it over, before it has an id.</summary>
public sealed record NewFeedback(
    FeedbackSource Source,
    string? ExternalId,
    string Title,
    string Body,
    string? Url,
    string? Author,
    DateTimeOffset CreatedAt,
    JsonElement? Metadata = null)
{
    /// <summary>What a report is titled when its title held nothing but characters no report may hold.</summary>
    public const string Untitled = "(no title)";

    /// <summary>
    /// The same report with the characters no report may hold (<see cref="FeedbackText"/>) taken out of
    /// its title, body and author, for sources whose reports are kept rather than refused.
    /// </summary>
    public NewFeedback WithoutForbiddenCharacters()
    {
        var title = FeedbackText.Without(Title);
        var author = Author is null ? null : FeedbackText.Without(Author);
        return this with
        {
            Title = FeedbackText.HasVisibleCharacter(title) ? title.Trim() : Untitled,
            Body = FeedbackText.Without(Body),
            Author = string.IsNullOrWhiteSpace(author) ? null : author,
        };
    }
}
