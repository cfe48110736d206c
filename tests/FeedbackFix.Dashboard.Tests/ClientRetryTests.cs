using System.Net;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Dashboard.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace FeedbackFix.Dashboard.Tests;

/// <summary>The dashboard's client of the gateway as the dashboard registers it, over a gateway that is failing.</summary>
public sealed class ClientRetryTests
{
    private sealed class Unavailable : HttpMessageHandler
    {
        private int _calls;

        public int Calls => _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        }
    }

    // Answers only when the request is given up on.
    private sealed class Silent : HttpMessageHandler
    {
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Reached.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    // A job log stream whose first line comes only when the test says so: until then, not even headers.
    private sealed class QuietLog : HttpMessageHandler
    {
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource LineWritten { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Reached.TrySetResult();
            await LineWritten.Task.WaitAsync(cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("id: 1732800000000-0\ndata: cloning\n\n", System.Text.Encoding.UTF8, "text/event-stream"),
            };
        }
    }

    private static WebApplication DashboardWithGateway(HttpMessageHandler gateway, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.Configuration["Dashboard:GatewayUrl"] = "http://127.0.0.1:9/";
        builder.Configuration["Dashboard:ApiKey"] = "dashboard-test-api-key-0123456789";
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }
        builder.AddServiceDefaults();
        builder.AddDashboardServices();
        builder.Services.AddHttpClient<FeedbackFixClient>().ConfigurePrimaryHttpMessageHandler(() => gateway);
        builder.Services.AddHttpClient(FeedbackFixClient.StreamClientName).ConfigurePrimaryHttpMessageHandler(() => gateway);
        return builder.Build();
    }

    [Fact]
    public async Task A_persons_action_is_sent_once_even_when_the_gateway_fails()
    {
        var gateway = new Unavailable();
        await using var app = DashboardWithGateway(gateway);
        using var scope = app.Services.CreateScope();
        var client = scope.ServiceProvider.GetRequiredService<FeedbackFixClient>();

        var started = await client.StartFixAsync("c1", new StartFixRequest());

        Assert.False(started.Ok);
        Assert.Equal(1, gateway.Calls);
    }

    [Fact]
    public async Task A_gateway_that_does_not_answer_in_time_is_a_problem_the_page_shows_not_an_exception()
    {
        var gateway = new Silent();
        var clock = new FakeTimeProvider();
        await using var app = DashboardWithGateway(gateway, clock);
        using var scope = app.Services.CreateScope();
        var client = scope.ServiceProvider.GetRequiredService<FeedbackFixClient>();

        var starting = client.StartFixAsync("c1", new StartFixRequest());
        await gateway.Reached.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // Past the standard handler's attempt timeout (10 s) and its total timeout (30 s).
        clock.Advance(TimeSpan.FromSeconds(31));
        var started = await starting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(started.Ok);
        Assert.Contains("may or may not have been done: reload the page to see", started.Problem.Message);
    }

    [Fact]
    public async Task A_followed_job_log_waits_through_a_quiet_spell_longer_than_the_other_calls_timeouts()
    {
        var gateway = new QuietLog();
        var clock = new FakeTimeProvider();
        await using var app = DashboardWithGateway(gateway, clock);
        using var scope = app.Services.CreateScope();
        var client = scope.ServiceProvider.GetRequiredService<FeedbackFixClient>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        await using var lines = client.FollowJobLogsAsync("j1", lastEventId: null, timeout.Token).GetAsyncEnumerator(timeout.Token);
        var first = lines.MoveNextAsync().AsTask();
        await gateway.Reached.Task.WaitAsync(timeout.Token);
        // Past the standard handler's attempt timeout (10 s) and its total timeout (30 s), the job still quiet.
        clock.Advance(TimeSpan.FromSeconds(31));
        gateway.LineWritten.SetResult();

        Assert.True(await first.WaitAsync(timeout.Token));
        Assert.Equal("cloning", lines.Current.Line);
    }
}
