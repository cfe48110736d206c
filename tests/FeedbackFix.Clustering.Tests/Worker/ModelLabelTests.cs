using FeedbackFix.Clustering.Labeling;
using FeedbackFix.Clustering.Tests.Labeling;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace FeedbackFix.Clustering.Tests.Worker;

/// <summary>
/// A chat model never holds the membership writer: a flush labels its clusters with their key terms
/// and returns, and the model's answers, asked a few at a time beside it, replace them as they come,
/// with the counts the cluster has then and never over a person's labels.
/// </summary>
public sealed class ModelLabelTests
{
    private static readonly DateTimeOffset Opened = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Waits on the test's own signals; far above what each takes.</summary>
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    private const int ClusterCount = 40;

    private const string Answer = "Title: Crash at start\nSummary: The app closes while it starts.";

    private const string SecondAnswer = "Title: Camera and start crashes\nSummary: The app closes at start and when the camera opens.";

    [Fact]
    public async Task A_flush_with_a_model_that_does_not_answer_returns_with_every_cluster_labelled_by_its_key_terms_while_the_model_is_asked_four_at_a_time()
    {
        var model = new GatedModel(concurrency: 4);
        await using var harness = await StartAsync(model);

        var clusters = await FlushNewClustersWhileTheModelThinksAsync(harness, model);

        foreach (var id in clusters)
        {
            var cluster = await harness.GetAsync(id);
            Assert.StartsWith("Crash number ", cluster.Title);
            Assert.StartsWith("Key terms: ", cluster.Summary);
        }
        Assert.Equal(4, model.Chat.Requests.Count);
        Assert.Equal(4, model.MostAtOnce);
        Assert.False(harness.HasPendingLabels);
    }

    [Fact]
    public async Task The_models_answers_replace_the_key_terms_after_the_flush_has_returned()
    {
        var model = new GatedModel(concurrency: 4);
        await using var harness = await StartAsync(model);
        var clusters = await FlushNewClustersWhileTheModelThinksAsync(harness, model);

        model.Release(Answer);

        foreach (var id in clusters)
        {
            await Eventually.TrueAsync(async () => (await harness.GetAsync(id)).Title == "Crash at start", Within, "the model's label to be saved");
            Assert.Equal("The app closes while it starts. 1 report (manual 1), first seen 2026-04-01, last seen 2026-04-01.", (await harness.GetAsync(id)).Summary);
        }
        Assert.Equal(ClusterCount, model.Chat.Requests.Count);
        Assert.Equal(4, model.MostAtOnce);
    }

    [Fact]
    public async Task An_answer_for_a_cluster_that_grew_while_the_model_thought_states_the_counts_the_cluster_has_when_it_is_saved()
    {
        var model = new GatedModel(concurrency: 1);
        await using var harness = await StartAsync(model);
        var clusterId = await harness.OpenClusterAsync([Report("Crash on start", "The app closes at start.")], asBatch: true);
        await harness.FlushAsync(clusterId);
        await model.AllBusy.WaitAsync(Within);

        await harness.AddToClusterAsync(clusterId, Report("Closes when opened", "It shuts right after the splash screen."));
        model.Release(Answer);

        await Eventually.TrueAsync(async () => (await harness.GetAsync(clusterId)).Title == "Crash at start", Within, "the model's label to be saved");
        Assert.Equal("The app closes while it starts. 2 reports (manual 2), first seen 2026-04-01, last seen 2026-04-01.", (await harness.GetAsync(clusterId)).Summary);
    }

    [Fact]
    public async Task A_cluster_a_person_labelled_while_the_model_thought_keeps_the_persons_labels()
    {
        var model = new GatedModel(concurrency: 1);
        await using var harness = await StartAsync(model);
        var clusterId = await harness.OpenClusterAsync([Report("Crash on start", "The app closes at start.")], asBatch: true);
        await harness.FlushAsync(clusterId);
        await model.AllBusy.WaitAsync(Within);

        await harness.Clusters.ChangeAsync(clusterId, new ClusterChanges(Title: "Startup crash (triaged)", Summary: "Seen on 2.3 only."), (_, _) => true);
        model.Release(Answer);
        // One call at a time, in the order asked: a second cluster asked now is labelled only once the first answer is handled.
        var after = await harness.OpenClusterAsync([Report("Export hangs", "The CSV export never finishes.")], asBatch: true);
        await harness.FlushAsync(after);
        await Eventually.TrueAsync(async () => (await harness.GetAsync(after)).Title == "Crash at start", Within, "the next cluster's label to be saved");

        var cluster = await harness.GetAsync(clusterId);
        Assert.Equal(("Startup crash (triaged)", "Seen on 2.3 only."), (cluster.Title, cluster.Summary));
    }

    [Fact]
    public async Task A_cluster_that_grows_keeps_the_models_summary_with_its_new_counts_until_the_model_answers_again()
    {
        var model = new GatedModel(concurrency: 1);
        var options = new LabelingOptions { RelabelAlwaysBelow = 1, Llm = new LlmLabelingOptions { Concurrency = 1 } };
        await using var harness = await LabelingHarness.StartAsync(options, model: clock => Summarizer(model, options, clock));
        var clusterId = await harness.OpenClusterAsync([Report("Crash on start", "The app closes at start.")], asBatch: true);
        await harness.FlushAsync(clusterId);
        model.Release(Answer);
        await Eventually.TrueAsync(async () => (await harness.GetAsync(clusterId)).Title == "Crash at start", Within, "the model's label to be saved");
        model.Hold();

        // From 1 to 2 reports: due for a new label (grown past RelabelEveryGrowth), asked of the model, which does not answer yet.
        await harness.AddToClusterAsync(clusterId, Report("Closes when opened", "It shuts right after the splash screen."));
        await harness.FlushAsync(clusterId);
        await model.AllBusy.WaitAsync(Within);

        var grown = await harness.GetAsync(clusterId);
        model.Release(SecondAnswer);
        await Eventually.TrueAsync(async () => (await harness.GetAsync(clusterId)).Title == "Camera and start crashes", Within, "the model's new label to be saved");

        Assert.Equal("Crash at start", grown.Title);
        Assert.Equal("The app closes while it starts. 2 reports (manual 2), first seen 2026-04-01, last seen 2026-04-01.", grown.Summary);
        Assert.Equal(2, model.Chat.Requests.Count);
        Assert.Single(harness.Summarizer.Calls);
    }

    [Fact]
    public async Task A_cluster_labelled_by_key_terms_gets_fresh_key_terms_as_it_grows_while_the_model_fails()
    {
        var chat = FakeChatClient.Throwing(new HttpRequestException("connection refused"));
        var options = new LabelingOptions { RelabelAlwaysBelow = 1, Llm = new LlmLabelingOptions { Concurrency = 1 } };
        await using var harness = await LabelingHarness.StartAsync(options,
            model: clock => new ChatClientSummarizer(chat, options, clock, NullLogger<ChatClientSummarizer>.Instance));
        var clusterId = await harness.OpenClusterAsync([Report("Crash on start", "The app closes at start.")], asBatch: true);
        await harness.FlushAsync(clusterId);
        await Eventually.TrueAsync(() => chat.Requests.Count == 1, Within, "the model to be asked");

        await harness.AddToClusterAsync(clusterId, Report("Camera crash", "Opening the camera closes the app."));
        await harness.FlushAsync(clusterId);

        Assert.Equal(2, harness.Summarizer.Calls.Count);
        Assert.Contains("camera", (await harness.GetAsync(clusterId)).Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_about_a_cluster_relabelled_since_it_was_asked_is_not_saved()
    {
        var model = new GatedModel(concurrency: 1);
        await using var harness = await StartAsync(model);
        var clusterId = await harness.OpenClusterAsync([Report("Crash on start", "The app closes at start.")], asBatch: true);
        await harness.FlushAsync(clusterId);
        await model.AllBusy.WaitAsync(Within);

        // A report edited (or a merge) forces a relabel while the model thinks about the cluster as it was.
        await harness.AddToClusterAsync(clusterId, Report("Camera crash", "Opening the camera closes the app."));
        harness.MarkChanged([clusterId], force: true);
        await harness.FlushPendingAsync();
        var relabelled = await harness.GetAsync(clusterId);
        // The old question's answer comes; the new question's answer is unusable, so nothing may replace the key terms.
        model.Release(Answer, "I'm sorry, I can't help with that.", Answer);
        await Eventually.TrueAsync(() => model.AnsweredCount == 2, Within, "both questions to be answered");
        // One call at a time, in the order asked: a cluster asked now is labelled only once both answers before it are handled.
        var after = await harness.OpenClusterAsync([Report("Export hangs", "The CSV export never finishes.")], asBatch: true);
        await harness.FlushAsync(after);
        await Eventually.TrueAsync(async () => (await harness.GetAsync(after)).Title == "Crash at start", Within, "the third cluster's label to be saved");

        var cluster = await harness.GetAsync(clusterId);
        Assert.StartsWith("Key terms: ", relabelled.Summary);
        Assert.Equal((relabelled.Title, relabelled.Summary), (cluster.Title, cluster.Summary));
    }

    [Fact]
    public async Task Questions_of_a_tenure_that_ended_are_not_asked()
    {
        var model = new GatedModel(concurrency: 1);
        await using var harness = await StartAsync(model);
        var asked = await harness.OpenClusterAsync([Report("Crash on start", "The app closes at start.")], asBatch: true);
        var waiting = await harness.OpenClusterAsync([Report("Export hangs", "The CSV export never finishes.")], asBatch: true);
        using var lost = new CancellationTokenSource();
        harness.MarkChanged([asked, waiting]);
        await harness.FlushPendingAsync(lost.Token);
        await model.AllBusy.WaitAsync(Within);

        // The lease is lost while the model thinks about the first cluster; the next tenure asks about a third.
        await lost.CancelAsync();
        var next = await harness.OpenClusterAsync([Report("Dark mode contrast", "Grey text on black is unreadable.")], asBatch: true);
        await harness.FlushAsync(next);
        model.Release(Answer);
        await Eventually.TrueAsync(async () => (await harness.GetAsync(next)).Title == "Crash at start", Within, "the next tenure's label to be saved");

        Assert.Equal(2, model.Chat.Requests.Count);
        Assert.StartsWith("Key terms: ", (await harness.GetAsync(asked)).Summary);
        Assert.StartsWith("Key terms: ", (await harness.GetAsync(waiting)).Summary);
    }

    [Fact]
    public async Task A_relabel_refused_by_a_commit_in_between_is_done_at_the_next_flush()
    {
        var model = new GatedModel(concurrency: 1);
        var options = new LabelingOptions { RelabelAlwaysBelow = 1, Llm = new LlmLabelingOptions { Concurrency = 1 } };
        LabelingHarness? harness = null;
        string? clusterId = null;
        await using var started = await LabelingHarness.StartAsync(options,
            labeler => new HookedSummarizer(new TermsClusterSummarizer(labeler), async call =>
            {
                // A report joins between the second relabel's read and its save, which is refused.
                if (call == 2)
                {
                    await harness!.AddToClusterAsync(clusterId!, Report("Crash while starting", "It closes before the menu shows."));
                }
            }),
            model: clock => Summarizer(model, options, clock));
        harness = started;
        clusterId = await harness.OpenClusterAsync([.. Enumerable.Range(0, 8).Select(i => Report($"Crash on start {i}", "The app closes at start."))], asBatch: true);
        await harness.FlushAsync(clusterId);
        // From 8 to 10 reports: due for new key terms (grown past RelabelEveryGrowth).
        await harness.AddToClusterAsync(clusterId, Report("Camera crash", "Opening the camera closes the app."));
        await harness.AddToClusterAsync(clusterId, Report("Camera crash again", "The camera closes the app."));
        await harness.FlushAsync(clusterId);

        await harness.FlushPendingAsync();

        Assert.Equal(3, harness.Summarizer.Calls.Count);
        Assert.Contains(" 11 reports (manual 11)", (await harness.GetAsync(clusterId)).Summary, StringComparison.Ordinal);
        Assert.False(harness.HasPendingLabels);
    }

    /// <summary>A harness whose model calls run as many at once as <paramref name="model"/> waits for.</summary>
    private static Task<LabelingHarness> StartAsync(GatedModel model)
    {
        var options = new LabelingOptions { Llm = new LlmLabelingOptions { Concurrency = model.Concurrency } };
        return LabelingHarness.StartAsync(options, model: clock => Summarizer(model, options, clock));
    }

    private static ChatClientSummarizer Summarizer(GatedModel model, LabelingOptions options, TimeProvider clock) =>
        new(model.Chat, options, clock, NullLogger<ChatClientSummarizer>.Instance);

    // Opens ClusterCount clusters and flushes them; returns once the model holds as many questions as it answers at once.
    private static async Task<List<string>> FlushNewClustersWhileTheModelThinksAsync(LabelingHarness harness, GatedModel model)
    {
        var clusters = await OpenClustersAsync(harness);
        harness.MarkChanged(clusters);
        await harness.FlushPendingAsync().WaitAsync(Within);
        await model.AllBusy.WaitAsync(Within);
        return clusters;
    }

    private static async Task<List<string>> OpenClustersAsync(LabelingHarness harness)
    {
        var clusters = new List<string>();
        for (var i = 0; i < ClusterCount; i++)
        {
            clusters.Add(await harness.OpenClusterAsync([Report($"Crash number {i} on start", $"The app closes at start, case {i}.")], asBatch: true));
        }
        return clusters;
    }

    private static NewFeedback Report(string title, string body) =>
        new(FeedbackSource.Manual, null, title, body, null, null, Opened);

    /// <summary>
    /// A chat model whose answers wait until the test <see cref="Release"/>s them (then it answers at
    /// once, until told to <see cref="Hold"/> again); it signals <see cref="AllBusy"/> once
    /// <c>concurrency</c> questions wait at once, and counts the answers it gave.
    /// </summary>
    private sealed class GatedModel
    {
        private readonly Lock _gate = new();
        private readonly int _concurrency;
        private TaskCompletionSource _allBusy = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource<string[]> _answers = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _waiting;
        private int _mostAtOnce;
        private int _asked;
        private int _answered;

        public GatedModel(int concurrency)
        {
            _concurrency = concurrency;
            Chat = new FakeChatClient(RespondAsync);
        }

        public FakeChatClient Chat { get; }

        public int Concurrency => _concurrency;

        public int AnsweredCount => Volatile.Read(ref _answered);

        public Task AllBusy
        {
            get
            {
                lock (_gate)
                {
                    return _allBusy.Task;
                }
            }
        }


        public int MostAtOnce
        {
            get
            {
                lock (_gate)
                {
                    return _mostAtOnce;
                }
            }
        }

        /// <summary>Answers the questions from the first asked since the last <see cref="Hold"/> with these, in order; the last answers every later one.</summary>
        public void Release(params string[] answers)
        {
            lock (_gate)
            {
                _answers.TrySetResult(answers);
            }
        }

        public void Hold()
        {
            lock (_gate)
            {
                _answers = new(TaskCreationOptions.RunContinuationsAsynchronously);
                _allBusy = new(TaskCreationOptions.RunContinuationsAsynchronously);
                _asked = 0;
            }
        }

        private async Task<string> RespondAsync(IReadOnlyList<Microsoft.Extensions.AI.ChatMessage> messages, CancellationToken cancellationToken)
        {
            Task<string[]> answers;
            int number;
            lock (_gate)
            {
                answers = _answers.Task;
                number = _asked++;
                _mostAtOnce = Math.Max(_mostAtOnce, ++_waiting);
                if (_waiting >= _concurrency)
                {
                    _allBusy.TrySetResult();
                }
            }
            try
            {
                var released = await answers.WaitAsync(cancellationToken);
                Interlocked.Increment(ref _answered);
                return released[Math.Min(number, released.Length - 1)];
            }
            finally
            {
                lock (_gate)
                {
                    _waiting--;
                }
            }
        }
    }
}
