using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using FeedbackFix.Contracts;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// Where a page ended in a sorted set: the last item's score and id. Keyset paging, so
/// items added meanwhile neither repeat nor shift a page. Clients see it as an opaque string.
/// </summary>
public sealed record PageCursor(double Score, string Id)
{
    public const int MaxLimit = 200;

    public override string ToString() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Score.ToString("R", CultureInfo.InvariantCulture) + "|" + Id));

    public static bool TryParse(string? text, [NotNullWhen(true)] out PageCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text) || text.Length > 200)
        {
            return false;
        }

        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('|', 2);
            if (parts.Length == 2 && RecordId.IsValid(parts[1]) &&
                double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var score) && double.IsFinite(score))
            {
                cursor = new PageCursor(score, parts[1]);
            }
        }
        catch (FormatException)
        {
        }
        return cursor is not null;
    }
}
