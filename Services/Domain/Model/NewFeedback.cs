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
    JsonElement? Metadata = null);
