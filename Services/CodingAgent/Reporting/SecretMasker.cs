namespace FeedbackFix.CodingAgent.Reporting;

/// <summary>
/// Replaces every occurrence of the run's secrets (the GitHub token, the job token, the git
/// credential derived from the token, and the environment's own secrets, <see cref="EnvironmentSecrets"/>)
/// in text that leaves the process.
/// </summary>
internal sealed class SecretMasker
{
    public const string Mask = "***";

    // Shorter values would blank out ordinary words if somebody set a toy token.
    private const int MinimumSecretLength = 4;

    private readonly string[] _secrets;

    public SecretMasker(IEnumerable<string?> secrets)
    {
        // Longest first, so a secret that contains another is masked whole.
        _secrets = [.. secrets
            .Where(s => s is { Length: >= MinimumSecretLength })
            .Select(s => s!)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)];
    }

    public string Apply(string text)
    {
        foreach (var secret in _secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }
        return text;
    }

    public string? ApplyOrNull(string? text) => text is null ? null : Apply(text);
}
