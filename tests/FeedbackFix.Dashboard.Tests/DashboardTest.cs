using FeedbackFix.Dashboard.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.FluentUI.AspNetCore.Components;

namespace FeedbackFix.Dashboard.Tests;

/// <summary>
/// A bunit context with Fluent UI, a fixed clock, and the real <see cref="FeedbackFixClient"/> over
/// <see cref="StubApi"/>: the components talk to the API exactly as they do in the dashboard.
/// </summary>
public abstract class DashboardTest : BunitContext
{
    protected static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    internal StubApi Api { get; } = new();

    /// <summary>Text as it reads: every run of whitespace (markup's line breaks and indents) one space.</summary>
    protected static string Words(string text) => string.Join(" ", text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    protected DashboardTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddFluentUIComponents();
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new DashboardOptions()));
        Services.AddSingleton(new FeedbackFixClient(
            new HttpClient(Api) { BaseAddress = new Uri("http://gateway/") }, NullLogger<FeedbackFixClient>.Instance));
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }
}
