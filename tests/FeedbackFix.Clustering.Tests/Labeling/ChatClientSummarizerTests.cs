using FeedbackFix.Clustering.Labeling;
using FeedbackFix.Contracts.Feedback;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static FeedbackFix.Clustering.Tests.Labeling.LabelItems;

namespace FeedbackFix.Clustering.Tests.Labeling;

public sealed class ChatClientSummarizerTests
{
    private static readonly float[] Centroid = [1, 0];

    private static readonly IReadOnlyList<LabelItem> Items =
    [
        Item("a", "App crashes when opening settings", "Every time I open settings the app closes.", FeedbackSource.Reddit, Start, [0.9f, 0.1f]),
        Item("b", "Crash on settings screen", "NullReferenceException in SettingsPage.OnAppearing", FeedbackSource.Sentry, Start.AddDays(3), [0.95f, 0.05f]),
        Item("c", "Settings crash", "", FeedbackSource.Reddit, Start.AddDays(5), [0.7f, 0.3f]),
    ];

    /// <summary>The cluster's kept counts: far more than the three items read.</summary>
    private static readonly ClusterFacts Facts = new(
        9_127, new Dictionary<string, long> { ["reddit"] = 9_000, ["sentry"] = 127 }, Start.AddDays(-30), Start.AddDays(5));

    private readonly LabelingOptions options = new();

    [Fact]
    public async Task Uses_the_models_title_and_summary_followed_by_the_kept_counts()
    {
        var chat = FakeChatClient.Answering(
            "Title: App crashes on opening Settings\nSummary: Opening the Settings screen closes the app. Sentry shows a null reference in SettingsPage.");
        var summarizer = Summarizer(chat);

        var label = await summarizer.SummarizeAsync(Question());

        Assert.Equal("App crashes on opening Settings", label!.Title);
        Assert.Equal(
            "Opening the Settings screen closes the app. Sentry shows a null reference in SettingsPage. "
            + "9127 reports (reddit 9000, sentry 127), first seen 2026-10-03, last seen 2026-11-07.",
            label.Summary(Facts));
    }

    [Fact]
    public async Task Shows_the_model_the_representative_items_nearest_the_centroid_first_and_the_key_terms()
    {
        var chat = FakeChatClient.Answering("Title: t\nSummary: s.");
        var summarizer = Summarizer(chat);

        await summarizer.SummarizeAsync(Question());

        var request = Assert.Single(chat.Requests);
        Assert.Equal(ChatRole.System, request[0].Role);
        var prompt = request[^1].Text;
        Assert.Contains("Distinctive terms: settings", prompt);
        Assert.Contains("Size: 9127 reports (reddit 9000, sentry 127), first seen 2026-10-03, last seen 2026-11-07.", prompt);
        Assert.Contains("- [sentry] Crash on settings screen: NullReferenceException", prompt);
        Assert.True(
            prompt.IndexOf("Crash on settings screen", StringComparison.Ordinal) < prompt.IndexOf("Settings crash", StringComparison.Ordinal),
            "the item nearest the centroid comes first");
    }

    [Fact]
    public async Task Gives_no_label_when_the_chat_client_throws()
    {
        var summarizer = Summarizer(FakeChatClient.Throwing(new HttpRequestException("connection refused")));

        Assert.Null(await summarizer.SummarizeAsync(Question()));
    }

    [Fact]
    public async Task Gives_no_label_when_the_model_does_not_answer_in_time()
    {
        options.Llm.Timeout = TimeSpan.FromMilliseconds(50);
        var chat = new FakeChatClient(async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return "Title: too late\nSummary: too late.";
        });
        var summarizer = Summarizer(chat);

        Assert.Null(await summarizer.SummarizeAsync(Question()));
    }

    [Fact]
    public async Task Gives_no_label_when_the_answer_has_no_title_and_summary()
    {
        var summarizer = Summarizer(FakeChatClient.Answering("I'm sorry, I can't help with that."));

        Assert.Null(await summarizer.SummarizeAsync(Question()));
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_swallowed()
    {
        var chat = new FakeChatClient(async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return "";
        });
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Summarizer(chat).SummarizeAsync(Question(), cancellation.Token));
    }

    [Theory]
    [InlineData("**Title:** Export hangs\n**Summary:** Exports never finish.\nThey hang at 99%.", "Export hangs", "Exports never finish. They hang at 99%.")]
    [InlineData("Here you go:\n\ntitle: \"Export hangs.\"\nsummary: Exports never finish.", "Export hangs", "Exports never finish.")]
    public void Parse_tolerates_markdown_quotes_and_wrapped_lines(string answer, string title, string summary)
    {
        var parsed = ChatClientSummarizer.Parse(answer);

        Assert.Equal((title, summary), parsed);
    }

    [Fact]
    public async Task After_BreakAfterFailures_failed_calls_the_model_is_not_asked_until_BreakDuration_has_passed()
    {
        options.Llm.BreakAfterFailures = 3;
        options.Llm.BreakDuration = TimeSpan.FromMinutes(1);
        var clock = new FakeTimeProvider();
        var chat = FakeChatClient.Throwing(new HttpRequestException("connection refused"));
        var summarizer = Summarizer(chat, clock);
        for (var i = 0; i < 3; i++)
        {
            await summarizer.SummarizeAsync(Question());
        }

        var skipped = await summarizer.SummarizeAsync(Question());
        var askedWhileOpen = chat.Requests.Count;
        clock.Advance(options.Llm.BreakDuration);
        await summarizer.SummarizeAsync(Question());

        Assert.Equal(3, askedWhileOpen);
        Assert.Null(skipped);
        Assert.Equal(4, chat.Requests.Count);
    }

    [Fact]
    public async Task A_model_that_answers_between_failures_keeps_being_asked()
    {
        options.Llm.BreakAfterFailures = 2;
        var calls = 0;
        var chat = new FakeChatClient((_, _) => Interlocked.Increment(ref calls) % 2 == 0
            ? Task.FromResult("Title: t\nSummary: s.")
            : Task.FromException<string>(new HttpRequestException("bad gateway")));
        var summarizer = Summarizer(chat, new FakeTimeProvider());

        for (var i = 0; i < 6; i++)
        {
            await summarizer.SummarizeAsync(Question());
        }

        Assert.Equal(6, chat.Requests.Count);
    }

    [Fact]
    public async Task A_caller_already_out_of_time_gets_no_label_and_the_model_is_not_asked()
    {
        var chat = FakeChatClient.Answering("Title: t\nSummary: s.");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Summarizer(chat).SummarizeAsync(Question(), cancelled.Token));

        Assert.Empty(chat.Requests);
    }

    private ChatClientSummarizer Summarizer(IChatClient chat, TimeProvider? time = null) =>
        new(chat, options, time ?? TimeProvider.System, NullLogger<ChatClientSummarizer>.Instance);

    /// <summary>What the writer shows the model about the three items, as <see cref="ClusterLabeler.Question"/> takes it.</summary>
    private ModelQuestion Question() =>
        new ClusterLabeler(options).Question("c1", Items, Centroid, Corpus(("c1", Items)), Facts, lead: "");
}
