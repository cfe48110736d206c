using System.Net;
using System.Text.Json;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Ingestion.Tests.Support;

namespace FeedbackFix.Ingestion.Tests.Http;

[Collection(IngestionAppCollection.Name)]
public sealed class GitHubWebhookHttpTests(IngestionApp app)
{
    private readonly HttpClient _client = app.CreateClient();

    private async Task<JsonElement> AcceptedAsync(HttpRequestMessage request) =>
        await HttpAssert.JsonAsync(await _client.SendAsync(request), HttpStatusCode.Accepted);

    [Fact]
    public async Task Ping_answers_200()
    {
        var response = await _client.SendAsync(SignedDelivery.GitHub("ping", GitHubPayloads.Ping(30), GitHubPayloads.Delivery()));

        var pong = await HttpAssert.JsonAsync(response, HttpStatusCode.OK);
        Assert.True(pong.GetProperty("pong").GetBoolean());
        Assert.Equal(30, pong.GetProperty("hook_id").GetInt64());
    }

    [Fact]
    public async Task An_opened_issue_is_stored_with_its_fields_keyed_by_the_issue_id()
    {
        var delivery = GitHubPayloads.Delivery();
        var number = GitHubPayloads.Number();

        var response = await _client.SendAsync(SignedDelivery.GitHub("issues", GitHubPayloads.Issues("opened", number), delivery));

        var accepted = await HttpAssert.JsonAsync(response, HttpStatusCode.Accepted);
        Assert.False(accepted.GetProperty("duplicate").GetBoolean());
        var item = await HttpAssert.JsonAsync(await _client.GetAsync($"/feedback/{accepted.GetProperty("id").GetString()}"), HttpStatusCode.OK);
        Assert.Equal("github", item.GetProperty("source").GetString());
        Assert.Equal((number + 3_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture), item.GetProperty("external_id").GetString());
        Assert.Equal("Dark mode resets after restart", item.GetProperty("title").GetString());
        Assert.Equal("Every restart turns dark mode off again.", item.GetProperty("body").GetString());
        Assert.Equal($"https://github.com/acme/app/issues/{number}", item.GetProperty("url").GetString());
        Assert.Equal("octocat", item.GetProperty("author").GetString());
        Assert.Equal(DateTimeOffset.Parse("2026-11-20T09:30:00Z"), item.GetProperty("created_at").GetDateTimeOffset());
        var metadata = item.GetProperty("metadata");
        Assert.Equal("acme/app", metadata.GetProperty("repository").GetString());
        Assert.Equal(number, metadata.GetProperty("number").GetInt64());
        Assert.Equal("bug", metadata.GetProperty("labels")[0].GetString());
        Assert.Equal("opened", metadata.GetProperty("action").GetString());
    }

    [Fact]
    public async Task A_redelivery_is_a_duplicate_with_the_same_id()
    {
        var delivery = GitHubPayloads.Delivery();
        var payload = GitHubPayloads.Issues("opened", GitHubPayloads.Number());

        var first = await AcceptedAsync(SignedDelivery.GitHub("issues", payload, delivery));
        var again = await AcceptedAsync(SignedDelivery.GitHub("issues", payload, delivery));

        Assert.Equal(first.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        Assert.True(again.GetProperty("duplicate").GetBoolean());
    }

    [Fact]
    public async Task A_redelivery_or_an_edit_of_a_deleted_issue_says_so_with_no_location_and_stores_nothing()
    {
        var number = GitHubPayloads.Number();
        var delivery = GitHubPayloads.Delivery();
        var payload = GitHubPayloads.Issues("opened", number);
        var id = (await AcceptedAsync(SignedDelivery.GitHub("issues", payload, delivery))).GetProperty("id").GetString();
        (await _client.DeleteAsync($"/feedback/{id}")).EnsureSuccessStatusCode();

        foreach (var (again, deliveryId) in new[] { (payload, delivery), (GitHubPayloads.Issues("edited", number, title: "Now with more detail"), GitHubPayloads.Delivery()) })
        {
            var response = await _client.SendAsync(SignedDelivery.GitHub("issues", again, deliveryId));

            var answer = await HttpAssert.JsonAsync(response, HttpStatusCode.Accepted);
            Assert.Equal((id, true, true), (answer.GetProperty("id").GetString(), answer.GetProperty("duplicate").GetBoolean(), answer.GetProperty("deleted").GetBoolean()));
            Assert.Null(response.Headers.Location);
            Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/feedback/{id}")).StatusCode);
        }
    }

    [Fact]
    public async Task An_edit_updates_the_one_report_of_the_issue_in_place()
    {
        var number = GitHubPayloads.Number();
        var opened = await AcceptedAsync(SignedDelivery.GitHub("issues", GitHubPayloads.Issues("opened", number), GitHubPayloads.Delivery()));
        var id = opened.GetProperty("id").GetString();

        var edited = await AcceptedAsync(SignedDelivery.GitHub("issues",
            GitHubPayloads.Issues("edited", number, title: "Dark mode and accent reset", body: "Every restart turns dark mode off; also the accent colour."),
            GitHubPayloads.Delivery()));

        Assert.Equal(id, edited.GetProperty("id").GetString());
        Assert.False(edited.GetProperty("duplicate").GetBoolean());
        Assert.True(edited.GetProperty("updated").GetBoolean());
        var item = await HttpAssert.JsonAsync(await _client.GetAsync($"/feedback/{id}"), HttpStatusCode.OK);
        Assert.Equal("Dark mode and accent reset", item.GetProperty("title").GetString());
        Assert.Equal("Every restart turns dark mode off; also the accent colour.", item.GetProperty("body").GetString());
        Assert.Equal("edited", item.GetProperty("metadata").GetProperty("action").GetString());
        Assert.Equal(1, await app.CountGitHubItemsAsync(number));
    }

    [Fact]
    public async Task An_edit_keeps_the_report_in_its_cluster()
    {
        var number = GitHubPayloads.Number();
        var opened = await AcceptedAsync(SignedDelivery.GitHub("issues", GitHubPayloads.Issues("opened", number), GitHubPayloads.Delivery()));
        var id = opened.GetProperty("id").GetString()!;
        await app.Redis.Connection.GetDatabase().HashSetAsync($"feedback:{id}", "cluster_id", "cluster-of-" + id);

        await AcceptedAsync(SignedDelivery.GitHub("issues", GitHubPayloads.Issues("edited", number, body: "Now with more detail."), GitHubPayloads.Delivery()));

        var item = await HttpAssert.JsonAsync(await _client.GetAsync($"/feedback/{id}"), HttpStatusCode.OK);
        Assert.Equal("Now with more detail.", item.GetProperty("body").GetString());
        Assert.Equal("cluster-of-" + id, item.GetProperty("cluster_id").GetString());
    }

    [Theory]
    [InlineData("opened")]
    [InlineData("reopened")]
    public async Task Opening_a_known_issue_again_is_a_duplicate_and_changes_nothing(string action)
    {
        var number = GitHubPayloads.Number();
        var opened = await AcceptedAsync(SignedDelivery.GitHub("issues", GitHubPayloads.Issues("opened", number), GitHubPayloads.Delivery()));

        var again = await AcceptedAsync(SignedDelivery.GitHub("issues", GitHubPayloads.Issues(action, number, body: "Other text"), GitHubPayloads.Delivery()));

        Assert.Equal(opened.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        var item = await HttpAssert.JsonAsync(await _client.GetAsync($"/feedback/{again.GetProperty("id").GetString()}"), HttpStatusCode.OK);
        Assert.Equal("Every restart turns dark mode off again.", item.GetProperty("body").GetString());
        Assert.Equal(1, await app.CountGitHubItemsAsync(number));
    }

    [Fact]
    public async Task A_reopened_or_edited_issue_never_seen_is_stored()
    {
        var number = GitHubPayloads.Number();

        var edited = await AcceptedAsync(SignedDelivery.GitHub("issues", GitHubPayloads.Issues("edited", number), GitHubPayloads.Delivery()));

        Assert.False(edited.GetProperty("duplicate").GetBoolean());
        Assert.False(edited.TryGetProperty("updated", out _));
        Assert.Equal(1, await app.CountGitHubItemsAsync(number));
    }

    [Fact]
    public async Task A_replayed_older_edit_is_a_duplicate_and_never_puts_old_text_back()
    {
        var number = GitHubPayloads.Number();
        await AcceptedAsync(SignedDelivery.GitHub("issues", GitHubPayloads.Issues("opened", number), GitHubPayloads.Delivery()));
        var firstEdit = GitHubPayloads.Delivery();
        var firstPayload = GitHubPayloads.Issues("edited", number, body: "First edit.");
        await AcceptedAsync(SignedDelivery.GitHub("issues", firstPayload, firstEdit));
        var second = await AcceptedAsync(SignedDelivery.GitHub("issues", GitHubPayloads.Issues("edited", number, body: "Second edit."), GitHubPayloads.Delivery()));

        var replay = await AcceptedAsync(SignedDelivery.GitHub("issues", firstPayload, firstEdit));

        Assert.True(replay.GetProperty("duplicate").GetBoolean());
        var item = await HttpAssert.JsonAsync(await _client.GetAsync($"/feedback/{second.GetProperty("id").GetString()}"), HttpStatusCode.OK);
        Assert.Equal("Second edit.", item.GetProperty("body").GetString());
    }

    [Fact]
    public async Task An_older_edit_delivered_after_a_newer_one_never_puts_old_text_back()
    {
        var number = GitHubPayloads.Number();
        await AcceptedAsync(SignedDelivery.GitHub("issues", GitHubPayloads.Issues("opened", number), GitHubPayloads.Delivery()));
        // GitHub sent the first edit while Ingestion was unavailable, and it is redelivered (a new
        // attempt, or "Redeliver" by hand) after the second edit was stored.
        var newer = await AcceptedAsync(SignedDelivery.GitHub("issues",
            GitHubPayloads.Issues("edited", number, body: "Second edit.", updatedAt: "2026-11-22T10:00:05Z"), GitHubPayloads.Delivery()));

        var older = await AcceptedAsync(SignedDelivery.GitHub("issues",
            GitHubPayloads.Issues("edited", number, body: "First edit.", updatedAt: "2026-11-22T10:00:00Z"), GitHubPayloads.Delivery()));
        var afterOlder = await HttpAssert.JsonAsync(await _client.GetAsync($"/feedback/{newer.GetProperty("id").GetString()}"), HttpStatusCode.OK);
        var later = await AcceptedAsync(SignedDelivery.GitHub("issues",
            GitHubPayloads.Issues("edited", number, body: "Third edit.", updatedAt: "2026-11-22T10:01:00Z"), GitHubPayloads.Delivery()));

        Assert.True(newer.GetProperty("updated").GetBoolean());
        Assert.True(older.GetProperty("duplicate").GetBoolean());
        Assert.Equal("Second edit.", afterOlder.GetProperty("body").GetString());
        Assert.True(later.GetProperty("updated").GetBoolean());
        var item = await HttpAssert.JsonAsync(await _client.GetAsync($"/feedback/{later.GetProperty("id").GetString()}"), HttpStatusCode.OK);
        Assert.Equal("Third edit.", item.GetProperty("body").GetString());
    }

    [Fact]
    public async Task An_issue_FeedbackFix_opened_for_a_fix_is_ignored_and_not_stored()
    {
        var number = GitHubPayloads.Number();
        var payload = GitHubPayloads.Issues("opened", number, title: "CSV export drops the last row",
            body: "Exports are one row short.\\n\\n_Opened by FeedbackFix for cluster `c42`._\\n<!-- feedbackfix:cluster:c42 -->");

        var answer = await AcceptedAsync(SignedDelivery.GitHub("issues", payload, GitHubPayloads.Delivery()));

        Assert.True(answer.GetProperty("ignored").GetBoolean());
        Assert.Equal(0, await app.CountGitHubItemsAsync(number));
    }

    public static TheoryData<string> BadSignatures() => ["missing", "other secret", "tampered body", "without prefix", "sha1 header only"];

    [Theory]
    [MemberData(nameof(BadSignatures))]
    public async Task A_bad_signature_answers_401_and_stores_nothing(string kind)
    {
        var delivery = GitHubPayloads.Delivery();
        var payload = GitHubPayloads.Issues("opened", GitHubPayloads.Number());
        var hex = SignedDelivery.Hmac(SignedDelivery.GitHubSecret, payload);
        var request = kind switch
        {
            "other secret" => SignedDelivery.GitHub("issues", payload, delivery, signature: "sha256=" + SignedDelivery.Hmac("not-the-secret", payload)),
            "tampered body" => SignedDelivery.GitHub("issues", payload, delivery, signedBody: payload.Replace("Dark mode", "Light mode", StringComparison.Ordinal)),
            "without prefix" => SignedDelivery.GitHub("issues", payload, delivery, signature: hex),
            _ => SignedDelivery.GitHub("issues", payload, delivery),
        };
        if (kind is "missing" or "sha1 header only")
        {
            request.Headers.Remove("X-Hub-Signature-256");
        }
        if (kind == "sha1 header only")
        {
            request.Headers.Add("X-Hub-Signature", "sha1=" + hex[..40]);
        }

        var response = await _client.SendAsync(request);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.False(await app.IsStoredAsync(FeedbackSource.Github, delivery));
    }

    [Fact]
    public async Task A_missing_event_header_answers_400()
    {
        var delivery = GitHubPayloads.Delivery();
        var request = SignedDelivery.GitHub("issues", GitHubPayloads.Issues("opened", 1), delivery);
        request.Headers.Remove("X-GitHub-Event");

        var response = await _client.SendAsync(request);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.False(await app.IsStoredAsync(FeedbackSource.Github, delivery));
    }

    [Fact]
    public async Task A_missing_delivery_header_answers_400_naming_it()
    {
        var request = SignedDelivery.GitHub("issues", GitHubPayloads.Issues("opened", 1), "placeholder");
        request.Headers.Remove("X-GitHub-Delivery");

        var response = await _client.SendAsync(request);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "X-GitHub-Delivery");
    }

    [Theory]
    [InlineData("push", null)]
    [InlineData("issue_comment", "created")]
    [InlineData("issues", "closed")]
    [InlineData("issues", "labeled")]
    public async Task Other_events_and_actions_are_accepted_and_ignored(string gitHubEvent, string? action)
    {
        var delivery = GitHubPayloads.Delivery();
        var payload = action is null ? GitHubPayloads.Push() : GitHubPayloads.Issues(action, 1);

        var answer = await AcceptedAsync(SignedDelivery.GitHub(gitHubEvent, payload, delivery));

        Assert.True(answer.GetProperty("ignored").GetBoolean());
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("reason").GetString()));
        Assert.False(await app.IsStoredAsync(FeedbackSource.Github, delivery));
    }

    [Fact]
    public async Task A_form_encoded_delivery_answers_415_saying_to_use_json()
    {
        var body = "payload=%7B%7D";
        var request = SignedDelivery.GitHub("issues", body, GitHubPayloads.Delivery());
        request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");

        var response = await _client.SendAsync(request);

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
