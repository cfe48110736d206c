var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPollerServices();        // Extensions/PollerServiceExtensions.cs

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
