using FeedbackFix.Ingestion.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddIngestionServices();         // Extensions/ServiceCollectionExtensions.cs

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapApiDescription();                // the service's OpenAPI document, merged by the gateway
app.MapIngestApi();                     // Apis/IngestApi.cs
app.MapWebhookApi();                    // Apis/WebhookApi.cs
app.MapFeedbackApi();                   // Apis/FeedbackApi.cs
app.MapSourceConfigApi();               // Apis/SourceConfigApi.cs
app.MapWebhookConfigApi();              // Apis/WebhookConfigApi.cs
app.MapRepositoryConfigApi();           // Apis/RepositoryConfigApi.cs

app.Run();
