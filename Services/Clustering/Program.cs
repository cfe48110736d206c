using FeedbackFix.Clustering.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddClusteringServices();    // Extensions/ClusteringServiceExtensions.cs

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapApiDescription();            // the service's OpenAPI document, merged by the gateway
app.UseAuthentication();
app.UseAuthorization();
app.MapClusteringApi();             // Apis/ClusteringApi.cs
app.MapClusteringConfigApi();       // Apis/ClusteringConfigApi.cs
app.MapSimilarClustersApi();        // Apis/SimilarClustersApi.cs

app.Run();
