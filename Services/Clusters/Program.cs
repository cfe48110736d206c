using FeedbackFix.Clusters.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddClustersServices();              // Extensions/ServiceCollectionExtensions.cs

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapApiDescription();                    // the service's OpenAPI document, merged by the gateway
app.UseAuthentication();
app.UseAuthorization();
app.MapClustersApi();                       // Apis/ClustersApi.cs
app.MapCurationApi();                       // Apis/CurationApi.cs
app.MapJobsApi();                           // Apis/JobsApi.cs
app.MapStatsApi();                          // Apis/StatsApi.cs

app.Run();

/// <summary>The entry point, public so tests can host the service with WebApplicationFactory.</summary>
public partial class Program;
