using FeedbackFix.Gateway.Extensions;
using FeedbackFix.Gateway.Health;
using FeedbackFix.Gateway.OpenApi;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayServices();
builder.AddBackendReadiness();       // Health/BackendHealthExtensions.cs
builder.AddApiReference();           // OpenApi/ApiReferenceServices.cs

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGateway();
app.MapApiReference();               // OpenApi/ApiReferenceEndpoints.cs

app.Run();
public partial class Program;
