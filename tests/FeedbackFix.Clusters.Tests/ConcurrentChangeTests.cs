using System.Text.Json;
using FeedbackFix.Clusters.Problems;
using FeedbackFix.Domain.Stores;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FeedbackFix.Clusters.Tests;

public sealed class ConcurrentChangeTests
{
    [Fact]
    public async Task A_record_too_busy_to_change_is_a_409_problem_with_Retry_After()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        var handler = new ConcurrentChangeExceptionHandler(
            services.GetRequiredService<IProblemDetailsService>(), NullLogger<ConcurrentChangeExceptionHandler>.Instance);

        var handled = await handler.TryHandleAsync(context, new ConcurrentChangeException("Job j kept changing"), CancellationToken.None);

        Assert.True(handled);
        Assert.Equal(StatusCodes.Status409Conflict, context.Response.StatusCode);
        Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
        context.Response.Body.Position = 0;
        var problem = await JsonSerializer.DeserializeAsync<JsonElement>(context.Response.Body);
        Assert.Equal("Changed concurrently", problem.GetProperty("title").GetString());
        Assert.False(await handler.TryHandleAsync(context, new InvalidOperationException("other"), CancellationToken.None));
    }
}
