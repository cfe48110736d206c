using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace FeedbackFix.ServiceDefaults.Tests;

/// <summary>A service built only from the defaults, in memory, to see how its errors read.</summary>
public sealed class ServiceDefaultsTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults();
        // A service names its JSON (the contract's snake_case); the error must name the field as sent.
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        _app = builder.Build();
        _app.MapDefaultEndpoints();
        _app.MapPost("/items", (Item item) => TypedResults.Ok(item));
        _app.MapGet("/codes/{code}", (Code code) => code.Value);
        _app.MapGet("/plain/{number}", (int number) => number);
        _app.MapGet("/redis-down", string () => throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "No connection is active"));
        _app.MapGet("/boom", string () => throw new InvalidOperationException("secret internals"));
        _app.MapPost("/reads-no-body", () => "read nothing");
        _app.MapGet("/redis-torn-down", string () => throw new TornDownConnectionFault());
        _app.MapGet("/redis-written-as-it-went", string () => throw new WrittenAsTheConnectionWentFault());
        // What awaiting a command StackExchange.Redis 2.x dropped unwritten throws: its task cancelled, no token.
        _app.MapGet("/redis-dropped", string () => throw new TaskCanceledException());
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    [Fact]
    public async Task Malformed_json_gets_400_naming_the_field()
    {
        var response = await PostAsync("/items", "{\"display_name\": 12}");

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("display_name", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty("display_name", out _));
    }

    [Fact]
    public async Task A_route_value_its_type_refuses_gets_400_naming_the_parameter_and_the_rule()
    {
        var response = await _client.GetAsync("/codes/abc");

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["code must be three digits."], problem.GetProperty("errors").GetProperty("code").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("code must be three digits.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_route_value_of_a_type_without_a_description_gets_400_naming_the_parameter()
    {
        var response = await _client.GetAsync("/plain/seven");

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("number", out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("  null  ")]
    public async Task An_empty_or_null_body_gets_our_400_naming_the_body(string body)
    {
        var response = await PostAsync("/items", body);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var detail = problem.GetProperty("detail").GetString();
        Assert.Equal("The request body is required: send a JSON object, not an empty body or null.", detail);
        Assert.DoesNotContain("Implicit body", detail, StringComparison.Ordinal);
        Assert.Equal([detail], problem.GetProperty("errors").GetProperty("$").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Truncated_json_gets_400()
    {
        var response = await PostAsync("/items", "{\"display_name\": ");

        await ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    public async Task Valid_json_that_is_not_an_object_gets_400_that_asks_for_an_object(string body)
    {
        var response = await PostAsync("/items", body);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("The request body must be a JSON object.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_body_that_is_not_json_gets_415_that_says_so()
    {
        var response = await _client.PostAsync("/items", new StringContent("display_name=x", Encoding.UTF8, "text/plain"));

        var problem = await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Redis unreachable, a command on a connection the client tore down, and a command the client
    /// dropped before writing it: each an outage.
    /// </summary>
    [Theory]
    [InlineData("/redis-down")]
    [InlineData("/redis-torn-down")]
    [InlineData("/redis-written-as-it-went")]
    [InlineData("/redis-dropped")]
    public async Task A_Redis_outage_gets_503_with_retry_after(string path)
    {
        var response = await _client.GetAsync(path);

        await ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("identity", "br")]
    public async Task A_compressed_body_gets_415_naming_the_coding_with_the_one_accepted(params string[] codings)
    {
        var content = EncodedJson("{\"display_name\": \"Ada\"}", codings);

        var response = await _client.PostAsync("/items", content);

        var problem = await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains(codings[^1], problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(["identity"], response.Headers.GetValues("Accept-Encoding"));
    }

    [Fact]
    public async Task A_compressed_body_to_an_endpoint_that_reads_none_is_left_to_it()
    {
        // What the gateway's proxied routes are: it forwards, and the service behind it answers.
        var content = EncodedJson("{}", "gzip");

        var response = await _client.PostAsync("/reads-no-body", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_body_sent_as_identity_is_read_as_any_other()
    {
        var content = EncodedJson("{\"display_name\": \"Ada\"}", "identity");

        var response = await _client.PostAsync("/items", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_unexpected_error_gets_500_problem_details_without_internals()
    {
        var response = await _client.GetAsync("/boom");

        await ProblemAsync(response, HttpStatusCode.InternalServerError);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret internals", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_path_gets_404_problem_details()
    {
        var response = await _client.GetAsync("/nothing-here");

        var problem = await ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("/nothing-here", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task Health_endpoints_are_mapped(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("$.title", "title")]
    [InlineData("$.posts[2].title", "posts[2].title")]
    [InlineData("$", null)]
    [InlineData(null, null)]
    public void Json_paths_become_field_names(string? path, string? field)
    {
        Assert.Equal(field, Problems.BadRequestExceptionHandler.JsonPathToField(path));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    /// <summary>A JSON body that says it is in <paramref name="codings"/> (its bytes stay plain).</summary>
    private static StringContent EncodedJson(string json, params string[] codings)
    {
        var content = new StringContent(json, Encoding.UTF8, "application/json");
        foreach (var coding in codings)
        {
            content.Headers.ContentEncoding.Add(coding);
        }
        return content;
    }

    private Task<HttpResponseMessage> PostAsync(string path, string json) =>
        _client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>What StackExchange.Redis 2.x throws for a command it writes to a socket torn down meanwhile.</summary>
    private sealed class WrittenAsTheConnectionWentFault() : InvalidOperationException("Writing is not allowed after writer was completed.")
    {
        public override string StackTrace => """
               at System.IO.Pipelines.ThrowHelper.ThrowInvalidOperationException_NoWritingAllowed()
               at StackExchange.Redis.Message.CommandMessage.WriteImpl(PhysicalConnection physical)
               at StackExchange.Redis.PhysicalBridge.WriteMessageToServerInsideWriteLock(PhysicalConnection connection, Message message)
            """;
    }

    /// <summary>What StackExchange.Redis 2.x throws for a command on a socket its heartbeat tore down.</summary>
    private sealed class TornDownConnectionFault() : InvalidOperationException("Reading is not allowed after reader was completed.")
    {
        public override string StackTrace => """
               at System.IO.Pipelines.ThrowHelper.ThrowInvalidOperationException_NoReadingAllowed()
               at System.IO.Pipelines.Pipe.DefaultPipeReader.AdvanceTo(SequencePosition consumed, SequencePosition examined)
               at StackExchange.Redis.PhysicalConnection.ReadFromPipe()
               at StackExchange.Redis.RedisDatabase.ScriptEvaluateAsync(String script, RedisKey[] keys, RedisValue[] values, CommandFlags flags)
            """;
    }

    public enum Colour
    {
        DarkBlue,
    }

    public sealed record Item(string DisplayName, Colour? Colour = null);

    [Description("three digits")]
    public readonly record struct Code(string Value) : IParsable<Code>
    {
        public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out Code result)
        {
            result = new Code(s ?? "");
            return s is { Length: 3 } && s.All(char.IsAsciiDigit);
        }

        public static Code Parse(string s, IFormatProvider? provider) => TryParse(s, provider, out var code) ? code : throw new FormatException();
    }
}
