using FeedbackFix.Gateway.Extensions;
using FeedbackFix.Gateway.OpenApi;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayServices();
builder.AddApiReference();           // OpenApi/ApiReferenceServices.cs

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGateway();
app.MapApiReference();               // OpenApi/ApiReferenceEndpoints.cs

app.Run();
public partial class Program;
