using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FeedbackFix.AgentOrchestrator.Tests.Ecs;

/// <summary>
/// ECS's JSON 1.1 endpoint on loopback. Every request's SigV4 signature is recomputed from
/// <see cref="SecretAccessKey"/> and a mismatch answers 403 InvalidSignatureException, as AWS does.
/// RunTask, DescribeTasks and StopTask keep tasks in memory (RunTask is idempotent on clientToken);
/// <see cref="Script"/> puts answers ahead of that behaviour, one per request, per operation.
/// </summary>
public sealed partial class FakeEcs : IAsyncDisposable
{
    public const string AccessKeyId = "AKIDFAKEECSTESTS0001";
    public const string SecretAccessKey = "fakeEcsSecret/For+Tests/0000000000000000";
    public const string Region = "eu-west-1";
    public const string TargetPrefix = "AmazonEC2ContainerServiceV20141113.";

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<FakeEcsRequest> _requests = [];
    private readonly Dictionary<string, Queue<FakeEcsAnswer>> _scripts = [];
    private readonly Dictionary<string, Queue<TimeSpan>> _delays = [];
    private readonly Dictionary<string, JsonObject> _tasks = [];
    private readonly Dictionary<string, string> _taskByClientToken = [];
    private readonly Dictionary<string, FakeEcsAnswer> _refusalByClientToken = [];
    private int _shortages;

    private FakeEcs(WebApplication app) => _app = app;

    public Uri Url => new(_app.Urls.Single() + "/");

    public IReadOnlyList<FakeEcsRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public IReadOnlyList<FakeEcsRequest> RequestsFor(string operation) => [.. Requests.Where(request => request.Operation == operation)];

    public int TaskCount
    {
        get
        {
            lock (_gate)
            {
                return _tasks.Count;
            }
        }
    }

    public static async Task<FakeEcs> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeEcs(app);
        app.MapPost("/", fake.HandleAsync);
        await app.StartAsync();
        return fake;
    }

    /// <summary>The next requests for <paramref name="operation"/> get these answers, in order, before the normal behaviour resumes.</summary>
    public void Script(string operation, params FakeEcsAnswer[] answers)
    {
        lock (_gate)
        {
            if (!_scripts.TryGetValue(operation, out var queue))
            {
                _scripts[operation] = queue = new Queue<FakeEcsAnswer>();
            }
            foreach (var answer in answers)
            {
                queue.Enqueue(answer);
            }
        }
    }

    /// <summary>
    /// The next <paramref name="requests"/> RunTask requests with a token not seen before start no task:
    /// Fargate's capacity shortage, a 200 with <c>failures</c>. A token refused is refused again when
    /// it comes back, the way an idempotent request is answered with its first answer.
    /// </summary>
    public void ShortOfCapacity(int requests)
    {
        lock (_gate)
        {
            _shortages = requests;
        }
    }

    /// <summary>
    /// The next request for <paramref name="operation"/> is carried out at once but answered only after
    /// <paramref name="delay"/>: the way a lost answer looks to a client that gave up waiting.
    /// </summary>
    public void DelayAnswer(string operation, TimeSpan delay)
    {
        lock (_gate)
        {
            if (!_delays.TryGetValue(operation, out var queue))
            {
                _delays[operation] = queue = new Queue<TimeSpan>();
            }
            queue.Enqueue(delay);
        }
    }

    /// <summary>Moves a task along, as ECS would on its own: RUNNING, then STOPPED with a reason and the agent's exit code.</summary>
    public void SetTaskState(string taskArn, string lastStatus, string? stoppedReason = null, string? stopCode = null, int? exitCode = null, string? containerReason = null)
    {
        lock (_gate)
        {
            var task = _tasks[taskArn];
            task["lastStatus"] = lastStatus;
            task["desiredStatus"] = lastStatus is "STOPPED" or "STOPPING" or "DEACTIVATING" or "DEPROVISIONING" ? "STOPPED" : "RUNNING";
            if (stoppedReason is not null)
            {
                task["stoppedReason"] = stoppedReason;
            }
            if (stopCode is not null)
            {
                task["stopCode"] = stopCode;
            }
            foreach (var container in task["containers"]!.AsArray())
            {
                container!["lastStatus"] = lastStatus == "STOPPED" ? "STOPPED" : lastStatus == "RUNNING" ? "RUNNING" : "PENDING";
                if (exitCode is { } code)
                {
                    container["exitCode"] = code;
                }
                if (containerReason is not null)
                {
                    container["reason"] = containerReason;
                }
            }
        }
    }

    public string? TaskStatus(string taskArn)
    {
        lock (_gate)
        {
            return _tasks.TryGetValue(taskArn, out var task) ? (string?)task["lastStatus"] : null;
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        var operation = target.StartsWith(TargetPrefix, StringComparison.Ordinal) ? target[TargetPrefix.Length..] : target;
        var headers = context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase);

        var answer = SignatureProblem(context.Request, body) is { } problem
            ? FakeEcsAnswer.Error(403, "InvalidSignatureException", problem)
            : context.Request.ContentType != "application/x-amz-json-1.1"
                ? FakeEcsAnswer.Error(400, "SerializationException", $"Content-Type {context.Request.ContentType} is not application/x-amz-json-1.1")
                : Answer(operation, body);

        JsonElement payload;
        try
        {
            payload = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
            payload = default;
        }
        lock (_gate)
        {
            _requests.Add(new FakeEcsRequest(operation, payload, headers, answer.Status));
        }

        TimeSpan delay;
        lock (_gate)
        {
            delay = _delays.TryGetValue(operation, out var delays) && delays.TryDequeue(out var next) ? next : TimeSpan.Zero;
        }
        if (delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        await context.Response.WriteAsync(answer.Body, context.RequestAborted);
    }

    private FakeEcsAnswer Answer(string operation, byte[] body)
    {
        lock (_gate)
        {
            if (_scripts.TryGetValue(operation, out var queue) && queue.TryDequeue(out var scripted))
            {
                return scripted;
            }
            var request = JsonNode.Parse(body)!.AsObject();
            return operation switch
            {
                "RunTask" => RunTask(request),
                "DescribeTasks" => DescribeTasks(request),
                "StopTask" => StopTask(request),
                _ => FakeEcsAnswer.Error(400, "UnknownOperationException", $"Unknown operation {operation}"),
            };
        }
    }

    private FakeEcsAnswer RunTask(JsonObject request)
    {
        var cluster = (string?)request["cluster"] ?? "default";
        var clientToken = (string?)request["clientToken"];
        if ((string?)request["taskDefinition"] is null)
        {
            return FakeEcsAnswer.Error(400, "ClientException", "TaskDefinition can not be blank.");
        }
        if (clientToken is not null && _taskByClientToken.TryGetValue(clientToken, out var existing))
        {
            return FakeEcsAnswer.Ok(new JsonObject { ["tasks"] = new JsonArray(_tasks[existing].DeepClone()), ["failures"] = new JsonArray() });
        }
        if (clientToken is not null && _refusalByClientToken.TryGetValue(clientToken, out var refused))
        {
            return refused;
        }
        if (_shortages > 0)
        {
            _shortages--;
            var refusal = FakeEcsAnswer.Ok(new JsonObject
            {
                ["tasks"] = new JsonArray(),
                ["failures"] = new JsonArray(new JsonObject
                {
                    ["reason"] = "Capacity is unavailable at this time. Please try again later or in a different availability zone",
                }),
            });
            if (clientToken is not null)
            {
                _refusalByClientToken[clientToken] = refusal;
            }
            return refusal;
        }

        var arn = $"arn:aws:ecs:{Region}:123456789012:task/{cluster}/{Guid.NewGuid():N}";
        var containers = new JsonArray();
        foreach (var container in request["overrides"]?["containerOverrides"]?.AsArray() ?? [])
        {
            containers.Add(new JsonObject { ["name"] = (string?)container!["name"], ["lastStatus"] = "PENDING" });
        }
        var task = new JsonObject
        {
            ["taskArn"] = arn,
            ["clusterArn"] = $"arn:aws:ecs:{Region}:123456789012:cluster/{cluster}",
            ["taskDefinitionArn"] = (string?)request["taskDefinition"],
            ["lastStatus"] = "PROVISIONING",
            ["desiredStatus"] = "RUNNING",
            ["launchType"] = "FARGATE",
            ["createdAt"] = 1_764_300_000.123,
            ["containers"] = containers,
        };
        _tasks[arn] = task;
        if (clientToken is not null)
        {
            _taskByClientToken[clientToken] = arn;
        }
        return FakeEcsAnswer.Ok(new JsonObject { ["tasks"] = new JsonArray(task.DeepClone()), ["failures"] = new JsonArray() });
    }

    private FakeEcsAnswer DescribeTasks(JsonObject request)
    {
        var tasks = new JsonArray();
        var failures = new JsonArray();
        foreach (var arn in request["tasks"]!.AsArray().Select(node => (string)node!))
        {
            if (_tasks.TryGetValue(arn, out var task))
            {
                tasks.Add(task.DeepClone());
            }
            else
            {
                failures.Add(new JsonObject { ["arn"] = arn, ["reason"] = "MISSING" });
            }
        }
        return FakeEcsAnswer.Ok(new JsonObject { ["tasks"] = tasks, ["failures"] = failures });
    }

    private FakeEcsAnswer StopTask(JsonObject request)
    {
        var arn = (string)request["task"]!;
        if (!_tasks.TryGetValue(arn, out var task))
        {
            return FakeEcsAnswer.Error(400, "InvalidParameterException", "The referenced task was not found.");
        }
        // Like ECS: stopping a stopped task answers the task as it is.
        if ((string?)task["lastStatus"] != "STOPPED")
        {
            task["lastStatus"] = "STOPPED";
            task["desiredStatus"] = "STOPPED";
            task["stoppedReason"] = (string?)request["reason"] ?? "Task stopped by user";
            task["stopCode"] = "UserInitiated";
        }
        return FakeEcsAnswer.Ok(new JsonObject { ["task"] = task.DeepClone() });
    }

    /// <summary>Null when the request carries a valid SigV4 signature by <see cref="AccessKeyId"/> for ECS in <see cref="Region"/>; else why not.</summary>
    private static string? SignatureProblem(HttpRequest request, byte[] body)
    {
        var authorization = request.Headers.Authorization.ToString();
        var match = AuthorizationPattern().Match(authorization);
        if (!match.Success)
        {
            return $"Authorization header is not SigV4: '{authorization}'";
        }
        var (accessKey, scopeDate, region, service) = (match.Groups["key"].Value, match.Groups["date"].Value, match.Groups["region"].Value, match.Groups["service"].Value);
        var signedHeaders = match.Groups["signed"].Value.Split(';');
        if (accessKey != AccessKeyId)
        {
            return $"The security token included in the request is invalid (access key {accessKey}).";
        }
        if (region != Region || service != "ecs")
        {
            return $"Credential should be scoped to a valid region and service 'ecs', not '{region}/{service}'.";
        }
        if (!signedHeaders.Contains("host") || !signedHeaders.Contains("x-amz-date"))
        {
            return $"SignedHeaders must include host and x-amz-date: {match.Groups["signed"].Value}";
        }
        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (!DateTime.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt)
            || !amzDate.StartsWith(scopeDate, StringComparison.Ordinal))
        {
            return $"X-Amz-Date '{amzDate}' is missing or does not match the credential scope date {scopeDate}.";
        }
        if ((DateTime.UtcNow - signedAt).Duration() > TimeSpan.FromMinutes(5))
        {
            return $"Signature expired: {amzDate} is more than 5 minutes from the server's time.";
        }

        var payloadHash = Hex(SHA256.HashData(body));
        var sentHash = request.Headers["X-Amz-Content-SHA256"].ToString();
        if (sentHash.Length > 0 && sentHash != payloadHash)
        {
            return "X-Amz-Content-SHA256 does not match the body.";
        }

        var canonical = new StringBuilder()
            .Append(request.Method).Append('\n')
            .Append(request.Path.HasValue ? request.Path.Value : "/").Append('\n')
            .Append(request.QueryString.HasValue ? request.QueryString.Value![1..] : "").Append('\n');
        foreach (var name in signedHeaders)
        {
            var value = name == "host" ? request.Host.Value : request.Headers[name].ToString();
            canonical.Append(name).Append(':').Append(Whitespace().Replace(value?.Trim() ?? "", " ")).Append('\n');
        }
        canonical.Append('\n').Append(string.Join(';', signedHeaders)).Append('\n').Append(payloadHash);

        var scope = $"{scopeDate}/{region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + SecretAccessKey);
        foreach (var part in new[] { scopeDate, region, service, "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }
        var expected = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(match.Groups["signature"].Value))
            ? null
            : "The request signature we calculated does not match the signature you provided.";
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[A-Z0-9]+)/(?<date>\d{8})/(?<region>[a-z0-9-]+)/(?<service>[a-z0-9-]+)/aws4_request, SignedHeaders=(?<signed>[a-z0-9;-]+), Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
