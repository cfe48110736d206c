using System.Globalization;

namespace FeedbackFix.Bench.Processes;

/// <summary>The option values every bench program reads, with errors that show the usage.</summary>
public sealed class CommandLine(string[] args, string usage)
{
    /// <summary>The value after the option at <paramref name="i"/>.</summary>
    public string Value(int i) =>
        i < args.Length ? args[i] : throw new ArgumentException($"Option '{args[i - 1]}' needs a value.\n{usage}");

    public int Positive(int i) =>
        int.TryParse(Value(i), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"Option '{args[i - 1]}' needs a positive whole number, got '{args[i]}'.");

    /// <summary>Adds a <c>--service-env KEY=VALUE</c> pair to <paramref name="environment"/>; returns the options unchanged.</summary>
    public TOptions AddEnvironment<TOptions>(TOptions options, Dictionary<string, string> environment, int i)
    {
        var pair = Value(i);
        var split = pair.IndexOf('=', StringComparison.Ordinal);
        if (split <= 0)
        {
            throw new ArgumentException($"--service-env expects KEY=VALUE, got '{pair}'.");
        }
        environment[pair[..split]] = pair[(split + 1)..];
        return options;
    }

    public Exception Unknown(int i) => new ArgumentException($"Unknown option '{args[i]}'.\n{usage}");
}
