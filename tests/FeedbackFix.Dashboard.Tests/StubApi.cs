using System.Net;
using System.Net.Http.Json;
using FeedbackFix.Contracts.Json;

namespace FeedbackFix.Dashboard.Tests;

/// <summary>
/// The gateway's wire, answered in the API's own JSON: each request is matched by method and path
/// (query left out) to the answer the test set for it; what was asked is kept, bodies included, for the test to read.
/// </summary>
internal sealed class StubApi : HttpMessageHandler
{
    private readonly Dictionary<(HttpMethod Method, string Path), Func<Task<HttpResponseMessage>>> _answers = [];

    public List<(HttpMethod Method, string PathAndQuery, string? Body)> Requests { get; } = [];

    public StubApi Answer(HttpMethod method, string path, HttpStatusCode status, object body)
    {
        _answers[(method, path)] = () => Task.FromResult(Json(status, body));
        return this;
    }

    /// <summary>
    /// Answers <paramref name="body"/> to the requests from now on only once the returned source is completed:
    /// an answer still on its way while the page goes on.
    /// </summary>
    public TaskCompletionSource AnswerLater(HttpMethod method, string path, object body)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _answers[(method, path)] = async () =>
        {
            await release.Task;
            return Json(HttpStatusCode.OK, body);
        };
        return release;
    }

    public StubApi Answer(HttpMethod method, string path, object body) => Answer(method, path, HttpStatusCode.OK, body);

    /// <summary>An RFC 7807 problem as the API writes it; <paramref name="extensions"/> are its other members.</summary>
    public StubApi Problem(HttpMethod method, string path, int status, string title, string? detail = null,
        Dictionary<string, string[]>? errors = null, Dictionary<string, object?>? extensions = null)
    {
        var body = new Dictionary<string, object?> { ["type"] = "about:blank", ["title"] = title, ["status"] = status };
        if (detail is not null)
        {
            body["detail"] = detail;
        }
        if (errors is not null)
        {
            body["errors"] = errors;
        }
        foreach (var (name, value) in extensions ?? [])
        {
            body[name] = value;
        }
        _answers[(method, path)] = () => Task.FromResult(new HttpResponseMessage((HttpStatusCode)status)
        {
            Content = JsonContent.Create(body, mediaType: new("application/problem+json"), options: ApiJson.Options),
        });
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request.Method, request.RequestUri!.PathAndQuery, body));
        return _answers.TryGetValue((request.Method, request.RequestUri.AbsolutePath), out var answer)
            ? await answer()
            : new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("") };
    }

    private static HttpResponseMessage Json(HttpStatusCode status, object body) =>
        new(status) { Content = JsonContent.Create(body, body.GetType(), options: ApiJson.Options) };
}
