using FeedbackFix.Contracts.Agent;

namespace FeedbackFix.CodingAgent.Reporting;

/// <summary>
/// The secrets of the environment besides the run's own tokens. The command inherits them on
/// purpose (a model's API key), so whatever it prints, <c>env</c> included, may hold them: the
/// variables <c>AGENT_SECRET_VARIABLES</c> names, and, without being named, any whose name says it
/// holds a secret (<c>*_API_KEY</c>, <c>*_TOKEN</c>...), since a credential added to the task
/// definition without updating the list must not leak either.
/// </summary>
internal static class EnvironmentSecrets
{
    public static readonly string[] SecretNameEndings = ["_API_KEY", "_ACCESS_KEY", "_TOKEN", "_SECRET", "_PASSWORD"];

    /// <summary>
    /// Under a name that merely looks secret, a short value is more likely a flag ("true", "none")
    /// than a credential, and masking it would blank out ordinary words in the log.
    /// </summary>
    public const int MinimumGuessedLength = 8;

    /// <summary>The names in an <c>AGENT_SECRET_VARIABLES</c> value, blanks around commas ignored.</summary>
    public static IReadOnlyList<string> Names(string? setting) =>
        setting is null ? [] : setting.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>What a shell accepts as a variable name; anything else in the list is a mistake.</summary>
    public static bool IsVariableName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    public static bool LooksSecret(string name) =>
        SecretNameEndings.Any(ending => name.EndsWith(ending, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The values to mask: those of the listed variables that are set, and those of the variables
    /// named like secrets. The command's output is masked a line at a time, so a value of several
    /// lines (a PEM key, a service account's JSON) is masked line by line too: each of its lines of
    /// <see cref="MinimumGuessedLength"/> or more.
    /// </summary>
    public static IEnumerable<string> Values(IReadOnlyDictionary<string, string> environment)
    {
        environment.TryGetValue(AgentEnvironment.SecretVariables, out var setting);
        var listed = Names(setting).Select(name => environment.GetValueOrDefault(name)).Where(value => !string.IsNullOrEmpty(value));
        var guessed = environment.Where(variable => LooksSecret(variable.Key) && variable.Value.Length >= MinimumGuessedLength).Select(variable => variable.Value);
        foreach (var value in listed.Concat(guessed))
        {
            yield return value!;
            if (value!.Contains('\n'))
            {
                foreach (var line in value.Split('\n', StringSplitOptions.TrimEntries).Where(line => line.Length >= MinimumGuessedLength))
                {
                    yield return line;
                }
            }
        }
    }
}
