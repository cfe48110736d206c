var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddOrchestratorServices();      // Extensions/OrchestratorServiceExtensions.cs

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();

/// <summary>The entry point, public so tests can host the service with WebApplicationFactory.</summary>
public partial class Program;
