using System.Net;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Dashboard.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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

    [Fact]
    public async Task A_persons_action_is_sent_once_even_when_the_gateway_fails()
    {
        var gateway = new Unavailable();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.Configuration["Dashboard:GatewayUrl"] = "http://127.0.0.1:9/";
        builder.Configuration["Dashboard:ApiKey"] = "dashboard-test-api-key-0123456789";
        builder.AddServiceDefaults();
        builder.AddDashboardServices();
        builder.Services.AddHttpClient<FeedbackFixClient>().ConfigurePrimaryHttpMessageHandler(() => gateway);
        await using var app = builder.Build();
        using var scope = app.Services.CreateScope();
        var client = scope.ServiceProvider.GetRequiredService<FeedbackFixClient>();

        var started = await client.StartFixAsync("c1", new StartFixRequest());

        Assert.False(started.Ok);
        Assert.Equal(1, gateway.Calls);
    }
}
