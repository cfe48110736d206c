using FeedbackFix.AppHost.Fixes;
using FeedbackFix.AppHost.Parameters;
using FeedbackFix.AppHost.Redis;
using FeedbackFix.AppHost.Sources;

var builder = DistributedApplication.CreateBuilder(args);

var redis = builder.AddFeedbackFixRedis();
var apiKey = builder.AddParameter("api-key", secret: true);
var dashboardApiKey = builder.AddParameter("dashboard-api-key", secret: true);
var adminKey = builder.AddParameter("admin-key", secret: true);
var sentrySecret = builder.AddParameter("sentry-client-secret", secret: true);
var githubSecret = builder.AddParameter("github-webhook-secret", secret: true);

var ingestion = builder.AddProject<Projects.FeedbackFix_Ingestion>("ingestion")
    .WithReference(redis)
    .WaitFor(redis)
    .WithEnvironment("Webhooks__Sentry__ClientSecret", sentrySecret)
    .WithEnvironment("Webhooks__GitHub__Secret", githubSecret);

var clusters = builder.AddProject<Projects.FeedbackFix_Clusters>("clusters")
    .WithReference(redis)
    .WaitFor(redis)
    .WithOptionalParameter("default-repository-url", "Fixes__DefaultRepositoryUrl");

builder.AddProject<Projects.FeedbackFix_Poller>("poller")
    .WithReference(redis)
    .WithReference(ingestion)
    .WaitFor(redis)
    .WaitFor(ingestion)
    .WithRedditSettings(builder);

var clustering = builder.AddProject<Projects.FeedbackFix_Clustering>("clustering")
    .WithReference(redis)
    .WaitFor(redis)
    .WithEnvironment("Clustering__AdminKey", adminKey);

var gateway = builder.AddProject<Projects.FeedbackFix_Gateway>("gateway")
    .WithReference(ingestion)
    .WithReference(clusters)
    .WithReference(clustering)
    .WaitFor(ingestion)
    .WaitFor(clusters)
    // Named keys, each with its own rate-limit bucket and its name in logs and traces: api-key for
    // scripts and integrations, dashboard-api-key for the dashboard; admin-key is an Admin-scope key.
    .WithEnvironment("Gateway__ApiKeys__default__Key", apiKey)
    .WithEnvironment("Gateway__ApiKeys__default__Scope", "ReadWrite")
    .WithEnvironment("Gateway__ApiKeys__dashboard__Key", dashboardApiKey)
    .WithEnvironment("Gateway__ApiKeys__dashboard__Scope", "ReadWrite")
    .WithEnvironment("Gateway__AdminKey", adminKey)
    .WithExternalHttpEndpoints();

builder.AddAgentOrchestrator(redis, gateway);

// The web UI, http://localhost:5090 (its launch profile); its own API key stays on its server side.
builder.AddProject<Projects.FeedbackFix_Dashboard>("dashboard")
    .WithReference(gateway)
    .WaitFor(gateway)
    .WithEnvironment("Dashboard__ApiKey", dashboardApiKey)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithOptionalParameter("dashboard-oidc-authority", "Dashboard__SignIn__Authority")
    .WithOptionalParameter("dashboard-oidc-client-id", "Dashboard__SignIn__ClientId")
    .WithOptionalParameter("dashboard-oidc-client-secret", "Dashboard__SignIn__ClientSecret", secret: true)
    .WithSignInRules();

builder.Build().Run();
