using System.Collections.Concurrent;
using System.Net;
using System.Text;
using FeedbackFix.ServiceDefaults.Idempotency;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace FeedbackFix.ServiceDefaults.Tests;

/// <summary>The Idempotency-Key filter over an in-memory store: what it keeps, and what it lets go.</summary>
public sealed class IdempotencyFilterTests : IAsyncLifetime
{
    private readonly MemoryStore _store = new();
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private int _created;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults();
        builder.Services.AddSingleton<IIdempotencyStore>(_store);
        _app = builder.Build();
        _app.MapDefaultEndpoints();
        _app.MapPost("/things", (Thing thing) => TypedResults.Created($"/things/{Interlocked.Increment(ref _created)}", thing))
            .WithIdempotencyKey("things");
        _app.MapPost("/down", string (Thing _) => throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "No connection is active"))
            .WithIdempotencyKey("down");
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    [Fact]
    public async Task A_success_is_kept_and_answered_again_without_running_the_handler()
    {
        var first = await _client.SendAsync(Keyed("/things", "k1", """{"name":"a"}"""));
        var second = await _client.SendAsync(Keyed("/things", "k1", """{"name":"a"}"""));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, second.StatusCode));
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(1, _created);
    }

    [Fact]
    public async Task A_failing_request_answers_its_failure_and_frees_the_key()
    {
        var response = await _client.SendAsync(Keyed("/down", "k2", """{"name":"a"}"""));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Empty(_store.Entries);
    }

    [Fact]
    public async Task A_request_without_a_key_is_left_alone()
    {
        var response = await _client.PostAsync("/things", new StringContent("""{"name":"a"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Empty(_store.Entries);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private static HttpRequestMessage Keyed(string path, string key, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    public sealed record Thing(string Name);

    private sealed class MemoryStore : IIdempotencyStore
    {
        public ConcurrentDictionary<string, (string Fingerprint, string Owner, IdempotentAnswer? Answer)> Entries { get; } = new();

        public Task<IdempotencyLookup> ClaimAsync(string scope, string key, string fingerprint, string owner, TimeSpan lease)
        {
            var entry = Entries.GetOrAdd($"{scope}:{key}", (fingerprint, owner, null));
            return Task.FromResult(
                entry.Owner == owner ? new IdempotencyLookup(IdempotencyState.Claimed)
                : entry.Fingerprint != fingerprint ? new IdempotencyLookup(IdempotencyState.Mismatch)
                : entry.Answer is null ? new IdempotencyLookup(IdempotencyState.InProgress)
                : new IdempotencyLookup(IdempotencyState.Answered, entry.Answer));
        }

        public Task AnswerAsync(string scope, string key, string owner, IdempotentAnswer answer)
        {
            Entries[$"{scope}:{key}"] = Entries[$"{scope}:{key}"] with { Answer = answer };
            return Task.CompletedTask;
        }

        public Task ReleaseAsync(string scope, string key, string owner)
        {
            Entries.TryRemove($"{scope}:{key}", out _);
            return Task.CompletedTask;
        }
    }
}
