using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FeedbackFix.AgentOrchestrator.Launchers.Ecs.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace FeedbackFix.AgentOrchestrator.Launchers.Ecs;

/// <summary>
/// The three ECS calls the launcher needs, over ECS's JSON 1.1 protocol: a POST to the endpoint's
/// root naming the operation in X-Amz-Target, signed with SigV4. Ours because AWSSDK.ECS is not
/// served by our package registry; swap it for AWSSDK.ECS's AmazonECSClient when it can be had.
/// Throttling, 5xx, timeouts and network errors are retried here, each attempt signed afresh; the
/// HttpClient carries no resilience handler of its own (see AddEcsLauncher).
/// </summary>
public sealed partial class EcsClient(HttpClient http, AwsRequestSigner signer, IOptions<EcsOptions> options, TimeProvider timeProvider, ILogger<EcsClient> logger)
{
    public const string ContentType = "application/x-amz-json-1.1";
    public const string TargetPrefix = "AmazonEC2ContainerServiceV20141113.";
    public const string SigningService = "ecs";

    // Text goes as UTF-8, not as \u escapes: ECS counts the characters of a task's overrides (8,192
    // at most), and an escape would make one character of an agent's instructions six.
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // ECS's own names for "slow down"; the SDKs treat all of them as throttling.
    private static readonly HashSet<string> ThrottlingTypes = new(StringComparer.Ordinal)
    {
        "ThrottlingException", "Throttling", "ThrottledException", "RequestLimitExceeded", "TooManyRequestsException", "RequestThrottled",
    };

    private readonly EcsOptions _options = options.Value;
    private readonly ResiliencePipeline _pipeline = BuildPipeline(options.Value, timeProvider, logger);

    public Task<RunTaskResponse> RunTaskAsync(RunTaskRequest request, CancellationToken cancellationToken) =>
        SendAsync<RunTaskRequest, RunTaskResponse>("RunTask", request, cancellationToken);

    public Task<DescribeTasksResponse> DescribeTasksAsync(DescribeTasksRequest request, CancellationToken cancellationToken) =>
        SendAsync<DescribeTasksRequest, DescribeTasksResponse>("DescribeTasks", request, cancellationToken);

    public Task<StopTaskResponse> StopTaskAsync(StopTaskRequest request, CancellationToken cancellationToken) =>
        SendAsync<StopTaskRequest, StopTaskResponse>("StopTask", request, cancellationToken);

    private async Task<TResponse> SendAsync<TRequest, TResponse>(string operation, TRequest request, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, Json);
        var context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (context, state) => await state.Client.SendOnceAsync<TResponse>(state.Operation, state.Body, context.CancellationToken).ConfigureAwait(false),
                context,
                (Client: this, Operation: operation, Body: body)).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new EcsException(operation, null, "Unreachable", $"ECS at {_options.ResolveEndpoint()} could not be reached: {e.Message}", isTransient: true, e);
        }
        catch (TimeoutRejectedException e)
        {
            throw new EcsException(operation, null, "Timeout", $"ECS at {_options.ResolveEndpoint()} did not answer within {_options.AttemptTimeout}", isTransient: true, e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<TResponse> SendOnceAsync<TResponse>(string operation, byte[] body, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, _options.ResolveEndpoint()) { Content = new ByteArrayContent(body) };
        // Set exactly, without a charset parameter: this value is signed and must match what is sent.
        message.Content.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
        message.Headers.TryAddWithoutValidation("X-Amz-Target", TargetPrefix + operation);
        await signer.SignAsync(message, body, _options.Region, SigningService, cancellationToken).ConfigureAwait(false);

        using var response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            try
            {
                return JsonSerializer.Deserialize<TResponse>(answer, Json)
                    ?? throw new EcsException(operation, response.StatusCode, "InvalidResponse", "ECS answered an empty body", isTransient: false);
            }
            catch (JsonException e)
            {
                throw new EcsException(operation, response.StatusCode, "InvalidResponse", $"ECS answered JSON that could not be read: {e.Message}", isTransient: false, e);
            }
        }
        throw ToException(operation, response.StatusCode, answer);
    }

    internal static EcsException ToException(string operation, HttpStatusCode status, byte[] answer)
    {
        EcsErrorBody? error = null;
        try
        {
            error = answer.Length == 0 ? null : JsonSerializer.Deserialize<EcsErrorBody>(answer, Json);
        }
        catch (JsonException)
        {
            // A proxy or load balancer's HTML page: the status code alone says what happened.
        }
        var type = ShortType(error?.Type) ?? $"Http{(int)status}";
        var text = string.IsNullOrWhiteSpace(error?.Message) ? $"ECS answered {(int)status} {status}" : error.Message;
        var transient = (int)status >= 500 || status == HttpStatusCode.TooManyRequests || ThrottlingTypes.Contains(type);
        return new EcsException(operation, status, type, text, transient);
    }

    /// <summary>"com.amazonaws.ecs#ClientException" and "ClientException:http://..." both mean ClientException.</summary>
    private static string? ShortType(string? type)
    {
        if (string.IsNullOrWhiteSpace(type))
        {
            return null;
        }
        var start = type.LastIndexOf('#') + 1;
        var end = type.IndexOf(':', start);
        return (end < 0 ? type[start..] : type[start..end]).Trim();
    }

    private static ResiliencePipeline BuildPipeline(EcsOptions options, TimeProvider timeProvider, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                // A retried RunTask is safe: it carries the same clientToken, so ECS answers with the
                // task the first attempt started (if it did) instead of starting a second one.
                ShouldHandle = new PredicateBuilder()
                    .Handle<EcsException>(e => e.IsTransient)
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>(),
                OnRetry = args =>
                {
                    LogRetry(logger, args.Context.OperationKey ?? "ECS", args.AttemptNumber + 1, options.MaxAttempts, args.RetryDelay, Describe(args.Outcome.Exception));
                    return default;
                },
            });
        }
        return builder.AddTimeout(options.AttemptTimeout).Build();
    }

    private static string Describe(Exception? e) => e switch
    {
        EcsException ecs => ecs.StatusCode is { } status ? $"{(int)status} {ecs.ErrorType}" : ecs.ErrorType,
        TimeoutRejectedException => "Timeout",
        null => "unknown",
        _ => e.GetType().Name,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "ECS {Operation} attempt {Attempt} of {MaxAttempts} failed ({Error}); trying again in {Delay}")]
    private static partial void LogRetry(ILogger logger, string operation, int attempt, int maxAttempts, TimeSpan delay, string error);
}
