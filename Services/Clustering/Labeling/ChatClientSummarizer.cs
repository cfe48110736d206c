using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;

namespace FeedbackFix.Clustering.Labeling;

/// <summary>
/// Asks a chat model for a one-line title and a two or three sentence summary of a cluster, from its
/// most representative items, distinctive terms and true counts (<see cref="ModelQuestion"/>). The
/// counts sentence that follows its summary is appended by the caller from the cluster's kept counts,
/// never written by the model. Any failure, timeout or unusable answer yields no label (the cluster
/// keeps the label it has), and a model that keeps failing is not asked for a while
/// (<see cref="LlmLabelingOptions.BreakAfterFailures"/>). Safe to call for several clusters at once.
/// </summary>
public sealed partial class ChatClientSummarizer(
    IChatClient chatClient,
    LabelingOptions options,
    TimeProvider time,
    ILogger<ChatClientSummarizer> logger)
{
    private const string Instructions =
        """
        You name groups of user feedback (bug reports, crash reports, forum posts) for the maintainers of a software product.
        All reports in a group describe the same problem or request.
        Answer with exactly two lines and nothing else:
        Title: <one line of at most 12 words naming the problem, no trailing period>
        Summary: <2 or 3 plain sentences: what goes wrong or is asked for, and where or when it happens>
        """;

    private readonly ResiliencePipeline _breaker = Breaker(options.Llm, time, logger);

    /// <summary>
    /// The model's label of the cluster, or null when it gives no usable one: an error, no answer within
    /// <see cref="LlmLabelingOptions.Timeout"/>, an answer without title and summary lines, the breaker
    /// open, or no reports to show.
    /// </summary>
    public async Task<ClusterLabel?> SummarizeAsync(ModelQuestion question, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        // A caller that has stopped asks nothing: no call the breaker would count.
        cancellationToken.ThrowIfCancellationRequested();
        var clusterId = question.ClusterId;
        if (question.Representative.Count == 0)
        {
            return null;
        }

        ChatMessage[] messages = [new ChatMessage(ChatRole.System, Instructions), new ChatMessage(ChatRole.User, Prompt(question))];
        using var deadline = new CancellationTokenSource(options.Llm.Timeout, time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        string answer;
        try
        {
            var response = await _breaker.ExecuteAsync(
                static (call, token) => new ValueTask<ChatResponse>(call.Client.GetResponseAsync(call.Messages, cancellationToken: token)),
                (Client: chatClient, Messages: messages),
                timeout.Token).ConfigureAwait(false);
            answer = response.Text;
        }
        catch (BrokenCircuitException)
        {
            LogModelSkipped(clusterId);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogLabellingTimedOut(clusterId, options.Llm.Timeout);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogLabellingFailed(ex, clusterId);
            return null;
        }

        if (Parse(answer) is not { } parsed)
        {
            LogUnusableAnswer(clusterId);
            return null;
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

    private string Prompt(ModelQuestion question)
    {
        var prompt = new StringBuilder();
        prompt.Append(CultureInfo.InvariantCulture, $"Distinctive terms: {string.Join(", ", question.Terms)}\n");
        prompt.Append(CultureInfo.InvariantCulture, $"Size: {question.Facts.Sentence()}\n");
        prompt.Append("Most representative reports:\n");
        foreach (var item in question.Representative)
        {
            prompt.Append(CultureInfo.InvariantCulture, $"- [{ClusterFacts.SourceName(item.Source)}] {item.Title}");
            prompt.Append(item.Body.Length > 0 ? $": {item.Body}\n" : "\n");
        }

        return prompt.ToString();
    }

    // Polly's breaker counts failures in a window rather than in a row: it opens once the last
    // BreakDuration saw at least BreakAfterFailures calls and none of them answered, which a model
    // that answers now and then never does. Every exception counts, the Timeout's cancellations
    // included (one cut off because the writer stopped counts too, which can only open it early for
    // a model that was failing anyway).
    private static ResiliencePipeline Breaker(LlmLabelingOptions llm, TimeProvider time, ILogger logger) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 1.0,
                MinimumThroughput = llm.BreakAfterFailures,
                SamplingDuration = llm.BreakDuration,
                BreakDuration = llm.BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not null),
                OnOpened = args =>
                {
                    LogBreakerOpened(logger, llm.BreakAfterFailures, args.BreakDuration);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Labelling {ClusterId} with the chat model timed out after {Timeout}; the cluster keeps the label it has")]
    private partial void LogLabellingTimedOut(string clusterId, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Labelling {ClusterId} with the chat model failed; the cluster keeps the label it has")]
    private partial void LogLabellingFailed(Exception exception, string clusterId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The chat model's answer for {ClusterId} had no title and summary lines; the cluster keeps the label it has")]
    private partial void LogUnusableAnswer(string clusterId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Not asking the chat model about {ClusterId} while it keeps failing; the cluster keeps the label it has")]
    private partial void LogModelSkipped(string clusterId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The chat model answered none of {FailureCount} or more calls in a row; labels use key terms for the next {BreakDuration}")]
    private static partial void LogBreakerOpened(ILogger logger, int failureCount, TimeSpan breakDuration);
}
