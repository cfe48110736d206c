using FeedbackFix.Clustering.Labeling;
using FeedbackFix.Clustering.Tests.Labeling;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using Microsoft.Extensions.Logging.Abstractions;

namespace FeedbackFix.Clustering.Tests.Worker;

/// <summary>
/// A chat model holds the membership writer for at most a flush's budget: its calls run a few at a
/// time, and clusters it has not answered for by then are labelled with their key terms at once and
/// summarised by the model in a later flush.
/// </summary>
public sealed class LabelBudgetTests
{
    private static readonly DateTimeOffset Opened = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Waits on the test's own signals; far above what each takes.</summary>
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    private const int ClusterCount = 40;

    private static readonly LabelingOptions Options = new()
    {
        Llm = new LlmLabelingOptions { FlushBudget = TimeSpan.FromSeconds(5), Concurrency = 4 },
    };

    [Fact]
    public async Task A_flush_with_a_model_that_never_answers_ends_when_its_budget_is_spent_with_every_cluster_labelled_by_its_key_terms()
    {
        var model = new HangingModel(concurrency: 4);
        await using var harness = await StartAsync(model);
        var clusters = await OpenClustersAsync(harness);
        harness.MarkChanged(clusters);

        var flushing = harness.FlushPendingAsync();
        await model.AllBusy.WaitAsync(Within);
        var askedBeforeTheBudget = model.Chat.Requests.Count;
        harness.Clock.Advance(Options.Llm.FlushBudget);
        await flushing.WaitAsync(Within);

        Assert.Equal(4, askedBeforeTheBudget);
        Assert.Equal(4, model.Chat.Requests.Count);
        Assert.Equal(4, model.MostAtOnce);
        foreach (var id in clusters)
        {
            var cluster = await harness.GetAsync(id);
            Assert.StartsWith("Crash number ", cluster.Title);
            Assert.StartsWith("Key terms: ", cluster.Summary);
        }
    }

    [Fact]
    public async Task Clusters_labelled_with_key_terms_for_want_of_time_get_the_models_summary_once_the_time_that_flush_took_is_repaid()
    {
        var model = new HangingModel(concurrency: 4);
        await using var harness = await StartAsync(model);
        var clusters = await OpenClustersAsync(harness);
        harness.MarkChanged(clusters);
        var flushing = harness.FlushPendingAsync();
        await model.AllBusy.WaitAsync(Within);
        harness.Clock.Advance(Options.Llm.FlushBudget);
        await flushing.WaitAsync(Within);
        model.Answer("Title: Crash at start\nSummary: The app closes while it starts.");

        // That flush's 5 s are a tenth of the writer's time once 45 s more have passed (BusyPacing).
        harness.Clock.Advance(TimeSpan.FromSeconds(44));
        var pendingBefore = harness.HasPendingLabels;
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        var pendingAfter = harness.HasPendingLabels;
        await harness.FlushPendingAsync().WaitAsync(Within);

        Assert.False(pendingBefore);
        Assert.True(pendingAfter);
        foreach (var id in clusters)
        {
            var cluster = await harness.GetAsync(id);
            Assert.Equal("Crash at start", cluster.Title);
            Assert.StartsWith("The app closes while it starts. ", cluster.Summary);
        }
        Assert.False(harness.HasPendingLabels);
    }

    private static Task<LabelingHarness> StartAsync(HangingModel model) =>
        LabelingHarness.StartAsync(Options, (labeler, clock) => new ChatClientSummarizer(model.Chat, labeler, Options, clock, NullLogger<ChatClientSummarizer>.Instance));

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
    /// A chat model that takes every question and never answers it until the caller gives up, until
    /// told to <see cref="Answer"/>; it signals <see cref="AllBusy"/> once <c>concurrency</c> questions wait at once.
    /// </summary>
    private sealed class HangingModel
    {
        private readonly Lock _gate = new();
        private readonly int _concurrency;
        private readonly TaskCompletionSource _allBusy = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _waiting;
        private int _mostAtOnce;
        private string? _answer;

        public HangingModel(int concurrency)
        {
            _concurrency = concurrency;
            Chat = new FakeChatClient(RespondAsync);
        }

        public FakeChatClient Chat { get; }

        public Task AllBusy => _allBusy.Task;

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

        public void Answer(string answer)
        {
            lock (_gate)
            {
                _answer = answer;
            }
        }

        private async Task<string> RespondAsync(IReadOnlyList<Microsoft.Extensions.AI.ChatMessage> messages, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                if (_answer is { } answer)
                {
                    return answer;
                }
                _mostAtOnce = Math.Max(_mostAtOnce, ++_waiting);
                if (_waiting >= _concurrency)
                {
                    _allBusy.TrySetResult();
                }
            }
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return "";
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
