using System.Text;
using System.Text.Json;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using FeedbackFix.Ingestion.Model;
using FeedbackFix.ServiceDefaults.Validation;

namespace FeedbackFix.Ingestion.Ingest;

/// <summary>Checks a manual entry and turns it into <see cref="NewFeedback"/>.</summary>
internal static class ManualFeedbackMapper
{
    /// <summary>The feedback to store, or null when <paramref name="errors"/> says what is wrong.</summary>
    public static NewFeedback? Map(ManualFeedbackRequest request, DateTimeOffset now, FieldErrors errors)
    {
        errors.Required("title", request.Title, FeedbackLimits.TitleMaxLength);
        errors.MaxLength("body", request.Body, FeedbackLimits.BodyMaxLength);
        errors.HttpUrl("url", request.Url, FeedbackLimits.UrlMaxLength);
        errors.MaxLength("author", request.Author, FeedbackLimits.AuthorMaxLength);
        if (request.ExternalId is not null)
        {
            errors.Required("external_id", request.ExternalId, FeedbackLimits.ExternalIdMaxLength);
        }
        if (request.CreatedAt is { } createdAt)
        {
            errors.PlausibleTime("created_at", createdAt, now);
        }
        if (request.Metadata is { } metadata)
        {
            CheckMetadata(metadata, errors);
        }
        CheckCharacters("title", request.Title, errors);
        CheckCharacters("body", request.Body, errors);
        CheckCharacters("author", request.Author, errors);
        CheckCharacters("external_id", request.ExternalId, errors);
        if (FeedbackText.InvisibleRefusal("title", request.Title) is { } invisible)
        {
            errors.Add("title", invisible);
        }

        if (!errors.IsEmpty)
        {
            return null;
        }

        return new NewFeedback(
            FeedbackSource.Manual,
            request.ExternalId,
            request.Title!.Trim(),
            request.Body ?? "",
            request.Url,
            string.IsNullOrWhiteSpace(request.Author) ? null : request.Author,
            request.CreatedAt?.ToUniversalTime() ?? now,
            request.Metadata);
    }

    private static void CheckCharacters(string field, string? value, FieldErrors errors)
    {
        if (FeedbackText.Refusal(field, value) is { } refusal)
        {
            errors.Add(field, refusal);
        }
    }

    private static void CheckMetadata(JsonElement metadata, FieldErrors errors)
    {
        if (metadata.ValueKind != JsonValueKind.Object)
        {
            errors.Add("metadata", "metadata must be a JSON object.");
        }
        else if (Encoding.UTF8.GetByteCount(metadata.GetRawText()) > FeedbackLimits.MetadataMaxLength)
        {
            errors.Add("metadata", $"metadata must be at most {FeedbackLimits.MetadataMaxLength} bytes of JSON.");
        }
    }
}
