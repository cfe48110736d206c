using FeedbackFix.Contracts.Feedback;

namespace FeedbackFix.Ingestion.Webhooks;

/// <summary>What differs between the webhooks in the checks every delivery passes first.</summary>
public sealed record WebhookKind(
    FeedbackSource Source,
    string SignatureHeader,
    string SecretSetting,
    string AppHostParameter,
    WebhookKind.SignatureCheck IsValid)
{
    public delegate bool SignatureCheck(string? header, string secret, ReadOnlySpan<byte> body);
}
