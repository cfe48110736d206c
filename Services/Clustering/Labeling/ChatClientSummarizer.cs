using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace FeedbackFix.Clustering.Labeling;

/// <summary>
/// Asks a chat model for a one-line title and a two or three sentence summary of a cluster, from its
/// most representative items, distinctive terms and true counts. The counts sentence that follows
/// its summary is appended by the caller from the cluster's kept counts, never written by the model.
/// Any failure, timeout or unusable answer yields the c-TF-IDF label instead.
/// </summary>
public sealed partial class ChatClientSummarizer(
    IChatClient chatClient,
    ClusterLabeler labeler,
    LabelingOptions options,
    ILogger<ChatClientSummarizer> logger) : IClusterSummarizer
{
    private const string Instructions =
        """
        You name groups of user feedback (bug reports, crash reports, forum posts) for the maintainers of a software product.
        All reports in a group describe the same problem or request.
        Answer with exactly two lines and nothing else:
        Title: <one line of at most 12 words naming the problem, no trailing period>
        Summary: <2 or 3 plain sentences: what goes wrong or is asked for, and where or when it happens>
        """;

    public async Task<ClusterLabel> SummarizeAsync(
        string clusterId,
        IReadOnlyList<LabelItem> items,
        float[] centroid,
        TermStatistics corpus,
        ClusterFacts facts,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        // Computed first, synchronously: it is the fallback, and the corpus may change while the model thinks.
        var fallback = labeler.Label(clusterId, items, centroid, corpus);
        if (items.Count == 0)
        {
            return fallback;
        }

        var terms = labeler.KeyTerms(clusterId, items, corpus);
        var prompt = Prompt(items, centroid, terms, facts.Sentence());

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Llm.Timeout);
        string answer;
        try
        {
            var response = await chatClient.GetResponseAsync(
                [new ChatMessage(ChatRole.System, Instructions), new ChatMessage(ChatRole.User, prompt)],
                cancellationToken: timeout.Token).ConfigureAwait(false);
            answer = response.Text;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogLabellingTimedOut(clusterId, options.Llm.Timeout);
            return fallback;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogLabellingFailed(ex, clusterId);
            return fallback;
        }

        if (Parse(answer) is not { } parsed)
        {
            LogUnusableAnswer(clusterId);
            return fallback;
        }

        var (title, summary) = parsed;
        return ClusterLabeler.Bounded(title, summary);
    }

    /// <summary>The title and summary of an answer shaped as asked, tolerating markdown and stray lines; null otherwise.</summary>
    internal static (string Title, string Summary)? Parse(string? answer)
    {
        string? title = null;
        var summary = new StringBuilder();
        var inSummary = false;
        foreach (var raw in (answer ?? "").AsSpan().EnumerateLines())
        {
            var line = raw.ToString().Trim().Trim('*', '#', '-', ' ', '>');
            if (TryField(line, "Title", out var value))
            {
                title = value;
                inSummary = false;
            }
            else if (TryField(line, "Summary", out value))
            {
                summary.Clear().Append(value);
                inSummary = true;
            }
            else if (inSummary && line.Length > 0)
            {
                summary.Append(' ').Append(line);
            }
        }

        title = LabelText.OneLine(title).Trim('"', '\'', '*').TrimEnd('.');
        var text = LabelText.OneLine(summary.ToString());
        return title.Length > 0 && text.Length > 0 ? (title, text) : null;
    }

    private string Prompt(IReadOnlyList<LabelItem> items, float[] centroid, IReadOnlyList<string> terms, string facts)
    {
        var prompt = new StringBuilder();
        prompt.Append(CultureInfo.InvariantCulture, $"Distinctive terms: {string.Join(", ", terms)}\n");
        prompt.Append(CultureInfo.InvariantCulture, $"Size: {facts}\n");
        prompt.Append("Most representative reports:\n");
        foreach (var item in ClusterLabeler.MostRepresentative(items, centroid, options.Llm.MaxItems))
        {
            var title = LabelText.Truncate(LabelText.OneLine(item.Title), ClusterLabel.MaxTitleLength);
            var body = options.Llm.MaxBodyChars == 0 ? "" : LabelText.Truncate(LabelText.OneLine(item.Body), options.Llm.MaxBodyChars);
            prompt.Append(CultureInfo.InvariantCulture, $"- [{ClusterFacts.SourceName(item.Source)}] {title}");
            prompt.Append(body.Length > 0 ? $": {body}\n" : "\n");
        }

        return prompt.ToString();
    }

    private static bool TryField(string line, string name, out string value)
    {
        if (line.StartsWith(name, StringComparison.OrdinalIgnoreCase))
        {
            var rest = line.AsSpan(name.Length).TrimStart('*').TrimStart();
            if (rest.StartsWith(":"))
            {
                value = rest[1..].TrimStart('*').Trim().ToString();
                return true;
            }
        }

        value = "";
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Labelling {ClusterId} with the chat model timed out after {Timeout}; using the term label")]
    private partial void LogLabellingTimedOut(string clusterId, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Labelling {ClusterId} with the chat model failed; using the term label")]
    private partial void LogLabellingFailed(Exception exception, string clusterId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The chat model's answer for {ClusterId} had no title and summary lines; using the term label")]
    private partial void LogUnusableAnswer(string clusterId);
}
