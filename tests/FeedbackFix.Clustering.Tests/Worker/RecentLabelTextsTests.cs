using FeedbackFix.Clustering.Worker;
using FeedbackFix.Contracts.Feedback;

namespace FeedbackFix.Clustering.Tests.Worker;

public sealed class RecentLabelTextsTests
{
    [Fact]
    public void Kept_items_give_their_label_inputs_and_the_oldest_go_first_once_over_the_budget()
    {
        // Each entry counts 100 characters besides its text: room for two of these, not three.
        var texts = new RecentLabelTexts(maxChars: 230);

        texts.Add(Item("a", "Login fails", "again"));
        texts.Add(Item("b", "Crash on start", ""));
        texts.Add(Item("c", "Dark mode", "please"));

        Assert.Null(texts.Find("a"));
        Assert.Equal(("Crash on start", FeedbackSource.Reddit), (texts.Find("b")!.Title, texts.Find("b")!.Source));
        Assert.Equal("please", texts.Find("c")!.Body);
        Assert.Null(texts.Find("c")!.Vector);
        Assert.Equal(2, texts.Count);
    }

    private static FeedbackItem Item(string id, string title, string body) => new(
        id, FeedbackSource.Reddit, null, title, body, null, null,
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, null);
}
