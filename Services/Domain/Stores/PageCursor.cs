using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FeedbackFix.Contracts;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// Where a page ended in a sorted set: the last item's score and id. Keyset paging, so
/// items added meanwhile neither repeat nor shift a page. Clients see it as an opaque string.
/// It also names the list it pages (<see cref="ListOf"/>: a digest of the index's key, so the
/// order, and the status, source or cluster that picks the index), so that a cursor of one list
/// is refused on another instead of giving an odd page there. A cursor without a list, given out
/// before cursors named theirs, is taken on any list, as it was then.
/// </summary>
public sealed record PageCursor(double Score, string Id, string? List = null)
{
    public const int MaxLimit = 200;
    private const int ListLength = 8;

    public override string ToString() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            Score.ToString("R", CultureInfo.InvariantCulture) + "|" + Id + (List is null ? "" : "|" + List)));

    /// <summary>What a request is told when <paramref name="field"/> is no cursor the API gave out.</summary>
    public static string NotGivenOut(string field) => $"{field} is not a cursor this API gave out; start again without it.";

    /// <summary>What a request is told when <paramref name="field"/> is a cursor of another list.</summary>
    public static string OfAnotherList(string field) =>
        $"{field} was given out for another list (another sort, status, source or cluster); start again without it.";

    /// <summary>Whether this cursor may go on in the list named <paramref name="list"/>.</summary>
    public bool Pages(string list) => List is null || List == list;

    /// <summary>The name a cursor carries for the list a sorted-set index orders.</summary>
    public static string ListOf(RedisKey index) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(index.ToString()!)).AsSpan(0, 6));

    public static bool TryParse(string? text, [NotNullWhen(true)] out PageCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text) || text.Length > 200)
        {
            return false;
        }

        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('|');
            if (parts.Length is 2 or 3 && RecordId.IsValid(parts[1]) &&
                double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var score) && double.IsFinite(score) &&
                (parts.Length == 2 || IsList(parts[2])))
            {
                cursor = new PageCursor(score, parts[1], parts.Length == 3 ? parts[2] : null);
            }
        }
        catch (FormatException)
        {
        }
        return cursor is not null;
    }

    private static bool IsList(string text) => text.Length == ListLength && Base64Url.IsValid(text);
}
