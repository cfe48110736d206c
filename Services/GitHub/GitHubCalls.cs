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
    private readonly ResiliencePipeline _pipeline = BuildPipeline(options.Value, time, logger);

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
            return await _pipeline.ExecuteAsync(
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

    private static ResiliencePipeline BuildPipeline(GitHubOptions options, TimeProvider time, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.MaxRetries < 1)
        {
            return builder.Build();
        }

        GitHubFault? Classify(Exception? exception, ResilienceContext context) =>
            exception is null ? null : GitHubFault.Classify(exception, time.GetUtcNow(), options, context.CancellationToken);

        return builder.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = options.MaxRateLimitWait > TimeSpan.Zero ? options.MaxRateLimitWait : null,
            ShouldHandle = args => ValueTask.FromResult(Classify(args.Outcome.Exception, args.Context) is { Retry: true }),
            // A rate limit's own delay (reset or Retry-After); null falls back to the exponential back-off with jitter.
            DelayGenerator = args => ValueTask.FromResult(Classify(args.Outcome.Exception, args.Context)?.Delay),
            OnRetry = args =>
            {
                GitHubLog.WaitingBeforeRetry(
                    logger,
                    args.Context.Properties.GetValue(OperationKey, "call"),
                    args.RetryDelay,
                    args.AttemptNumber + 1,
                    options.MaxRetries,
                    Classify(args.Outcome.Exception, args.Context)?.Reason ?? "unknown");
                return ValueTask.CompletedTask;
            },
        }).Build();
    }

    private string Retried(GitHubFault fault) =>
        fault.Retry && _options.MaxRetries > 0 ? $" after {_options.MaxRetries.ToString(CultureInfo.InvariantCulture)} retries" : "";

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
                + $"the limit resets at {reset.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}"
                + (fault.Retry ? "" : $", later than GitHub:MaxRateLimitWait ({_options.MaxRateLimitWait}) lets a call wait")
                + ": try again after that.",
            GitHubFailureKind.RateLimited =>
                $"GitHub is rate limiting this token ({fault.Reason}), so it could not {operation}"
                + Retried(fault) + ": try again in a few minutes.",
            _ =>
                $"GitHub was unavailable, so it could not {operation} ({fault.Reason})"
                + Retried(fault) + ": try again later.",
        };

        if (!fault.Retry || _options.MaxRetries < 1)
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
