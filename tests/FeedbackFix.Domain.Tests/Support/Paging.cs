using FeedbackFix.Contracts;
using FeedbackFix.Domain.Stores;

namespace FeedbackFix.Domain.Tests.Support;

internal static class Paging
{
    /// <summary>Follows next cursors from the first page to the last, returning every page.</summary>
    public static async Task<List<IReadOnlyList<T>>> AllPagesAsync<T>(Func<PageCursor?, Task<Page<T>>> read, int maxPages = 1_000)
    {
        var pages = new List<IReadOnlyList<T>>();
        PageCursor? cursor = null;
        for (var i = 0; i < maxPages; i++)
        {
            var page = await read(cursor);
            pages.Add(page.Items);
            if (page.NextCursor is null)
            {
                return pages;
            }
            Assert.True(PageCursor.TryParse(page.NextCursor, out cursor), $"Cursor '{page.NextCursor}' does not parse.");
        }
        throw new InvalidOperationException($"Paging did not end within {maxPages} pages.");
    }
}
