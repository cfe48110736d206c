using System.Globalization;
using System.Text.Json;

namespace FeedbackFix.Ingestion.Ingest;

/// <summary>
/// Lenient reads of webhook payloads: senders change shapes over time (Sentry sends counts as
/// strings in one place and numbers in another), so a field of an unexpected kind reads as absent.
/// </summary>
internal static class WebhookJson
{
    public static JsonElement? Object(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : null;

    public static string? String(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>A string, or a number written as text: Sentry ids arrive both ways.</summary>
    public static string? Id(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    public static long? Long(JsonElement? parent, string name)
    {
        if (parent is not { ValueKind: JsonValueKind.Object } p || !p.TryGetProperty(name, out var value))
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var number) => number,
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) => number,
            _ => null,
        };
    }

    public static DateTimeOffset? Time(JsonElement? parent, string name) =>
        String(parent, name) is { } text &&
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;

    /// <summary>An http(s) link we can show, or null; a sender's odd link never rejects its feedback.</summary>
    public static string? Url(string? value) =>
        value is not null && value.Length <= Domain.Model.FeedbackLimits.UrlMaxLength && ServiceDefaults.Validation.FieldErrors.IsHttpUrl(value)
            ? value
            : null;

    /// <summary>Outside times are kept unless they lie in the future beyond clock skew or before any report could be written; then "now" is truer.</summary>
    public static DateTimeOffset Plausible(DateTimeOffset? time, DateTimeOffset now) =>
        time is { } t && ServiceDefaults.Validation.FieldErrors.IsPlausibleTime(t, now) ? t : now;
}
