using FeedbackFix.Dashboard.Components;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddDashboardServices();         // Extensions/DashboardServiceExtensions.cs

var app = builder.Build();

app.UseExceptionHandler("/error", createScopeForErrors: true);
app.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);   // Pages/NotFound, Pages/AccessDenied
app.MapHealthEndpoints();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapStaticAssets().AllowAnonymous();  // styles and scripts, the same for everyone: the 403 page needs them
app.MapRazorComponents<App>()           // Components/Pages/*.razor
    .AddInteractiveServerRenderMode();

app.Run();

/// <summary>The entry point, public so tests can host the dashboard with WebApplicationFactory.</summary>
public partial class Program;
