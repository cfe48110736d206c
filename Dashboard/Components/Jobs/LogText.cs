using System.Text;
using System.Text.RegularExpressions;

namespace FeedbackFix.Dashboard.Components.Jobs;

/// <summary>
/// What a log line shows, one row high whatever the agent wrote: its colour and cursor codes (ANSI
/// escape sequences, which agents' tools write) taken out, each line break inside it shown as ⏎, and
/// the other control characters and the bidirectional overrides and isolates dropped, so a line reads
/// as it is and never runs into the next row. The API keeps the line as it was sent.
/// </summary>
public static partial class LogText
{
    public const string LineBreak = " ⏎ ";

    public static string Shown(string line)
    {
        if (!line.Any(NeedsCare))
        {
            return line;
        }

        var text = EscapeSequence().Replace(line, "");
        var shown = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\r' or '\n')
            {
                // A CR LF pair is one break.
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
                shown.Append(LineBreak);
            }
            else if (!NeedsCare(c) || c == '\t')
            {
                shown.Append(c);
            }
        }
        return shown.ToString();
    }

    private static bool NeedsCare(char c) =>
        char.IsControl(c) || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069';

    // CSI (ESC [ … final byte), OSC (ESC ] … BEL or ESC \) and any other two-character escape.
    [GeneratedRegex(@"\x1B(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1B]*(\x07|\x1B\\)?|[@-Z\\-_])", RegexOptions.CultureInvariant)]
    private static partial Regex EscapeSequence();
}
