using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace FeedbackFix.GitHub;

/// <summary>
/// Runs Octokit calls under GitHub's rate-limit rules and turns what still fails into a
/// <see cref="GitHubFailure"/> whose message says what to do.
/// </summary>
public sealed class GitHubCalls(IOptions<GitHubOptions> options, TimeProvider time, ILogger<GitHubCalls> logger)
{
    private static readonly ResiliencePropertyKey<string> OperationKey = new("FeedbackFix.GitHub.Operation");

    private readonly GitHubOptions _options = options.Value;
    private ResiliencePipeline? _pipeline;

    /// <summary>
    /// Runs <paramref name="call"/>: waits out a primary rate limit until its reset (when within
    /// <see cref="GitHubOptions.MaxRateLimitWait"/>), honours Retry-After on secondary limits and 429s,
    /// backs off on 5xx, connection failures and timeouts, at most <see cref="GitHubOptions.MaxRetries"/> times.
    /// Any other GitHub error is mapped at once. <paramref name="operation"/> names the call in logs and
    /// messages, e.g. "create issue in acme/app".
    /// </summary>
    /// <exception cref="GitHubFailure">GitHub refused, or was still unavailable after the retries.</exception>
    public async Task<T> RunAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operation);
        ArgumentNullException.ThrowIfNull(call);

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(OperationKey, operation);
        try
        {
            return await Pipeline.ExecuteAsync(
                static async (ctx, state) => await state(ctx.CancellationToken).ConfigureAwait(false),
                context,
                call).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not GitHubFailure
            && GitHubFault.Classify(exception, time.GetUtcNow(), _options, cancellationToken) is { } fault)
        {
            throw ToFailure(operation, fault, exception);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    // Built on first use so the options and TimeProvider are the ones the container settled on.
    private ResiliencePipeline Pipeline => _pipeline ??= BuildPipeline();

    private ResiliencePipeline BuildPipeline()
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (_options.MaxRetries < 1)
        {
            return builder.Build();
        }

        return builder.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = _options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = _options.RetryBaseDelay,
            MaxDelay = _options.MaxRateLimitWait > TimeSpan.Zero ? _options.MaxRateLimitWait : null,
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Exception is { } exception
                && Classify(exception, args.Context) is { Retry: true }),
            // Null falls back to the exponential back-off with jitter.
            DelayGenerator = args => ValueTask.FromResult(
                args.Outcome.Exception is { } exception ? Classify(exception, args.Context)?.Delay : null),
            OnRetry = args =>
            {
                var reason = args.Outcome.Exception is { } exception
                    ? Classify(exception, args.Context)?.Reason ?? exception.GetType().Name
                    : "unknown";
                GitHubLog.WaitingBeforeRetry(
                    logger,
                    args.Context.Properties.GetValue(OperationKey, "GitHub call"),
                    args.RetryDelay,
                    args.AttemptNumber + 1,
                    _options.MaxRetries,
                    reason);
                return ValueTask.CompletedTask;
            },
        }).Build();
    }

    private GitHubFault? Classify(Exception exception, ResilienceContext context) =>
        GitHubFault.Classify(exception, time.GetUtcNow(), _options, context.CancellationToken);

    private GitHubFailure ToFailure(string operation, GitHubFault fault, Exception exception)
    {
        var message = fault.Kind switch
        {
            GitHubFailureKind.BadCredentials =>
                $"GitHub rejected the credentials ({fault.Reason}): check GitHub:Token.",
            GitHubFailureKind.Forbidden =>
                $"GitHub refused to {operation} ({fault.Reason}): check that GitHub:Token may do this in that repository "
                + "(issues and pull requests need read/write on Issues, Pull requests and Contents).",
            GitHubFailureKind.NotFound =>
                $"GitHub could not {operation}: not found, or the token cannot see it ({fault.Reason}). "
                + "Check the repository URL and that GitHub:Token has access to the repository.",
            GitHubFailureKind.Invalid =>
                $"GitHub rejected the request to {operation} as invalid ({fault.Reason}).",
            GitHubFailureKind.RateLimited when fault.RetryAt is { } reset =>
                $"GitHub is rate limiting this token ({fault.Reason}), so it could not {operation}; "
                + $"the limit resets at {reset.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}: try again after that.",
            GitHubFailureKind.RateLimited =>
                $"GitHub is rate limiting this token ({fault.Reason}), so it could not {operation}"
                + (fault.Retry ? $" after {_options.MaxRetries} retries" : "") + ": try again in a few minutes.",
            _ =>
                $"GitHub was unavailable, so it could not {operation} ({fault.Reason})"
                + (fault.Retry ? $" after {_options.MaxRetries} retries" : "") + ": try again later.",
        };

        if (!fault.Retry || fault.Kind is not (GitHubFailureKind.RateLimited or GitHubFailureKind.Unavailable))
        {
            GitHubLog.CallFailed(logger, operation, fault.Kind, fault.Reason);
        }
        else
        {
            GitHubLog.RetriesExhausted(logger, operation, _options.MaxRetries, fault.Reason);
        }

        return new GitHubFailure(fault.Kind, message, exception) { RetryAt = fault.RetryAt };
    }
}
