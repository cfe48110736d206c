using System.Text.Json.Serialization;
using FeedbackFix.Contracts.Json;

namespace FeedbackFix.Contracts.Feedback;

/// <summary>Where a piece of feedback came from.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<FeedbackSource>))]
public enum FeedbackSource
{
    Reddit,
    Sentry,
    Github,
    Manual,
}
