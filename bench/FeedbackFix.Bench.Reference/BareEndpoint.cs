using System.Globalization;
using System.Text.Json.Serialization;
using StackExchange.Redis;

namespace FeedbackFix.Bench.Reference;

/// <summary>
/// An ingest endpoint with nothing but the work: bind the JSON, write the item hash, the time index,
/// the source-id set and the queue entry in one MULTI, answer 201 with the id.
/// </summary>
internal static class BareEndpoint
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ReferenceJson.Default));
        var redis = builder.Configuration.GetConnectionString("redis")
            ?? throw new InvalidOperationException("ConnectionStrings:redis is not set.");
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis));

        var app = builder.Build();
        var database = app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        app.MapPost("/ingest/manual", async (ManualReport report) =>
        {
            var id = Guid.NewGuid().ToString("N");
            var now = DateTimeOffset.UtcNow;
            var transaction = database.CreateTransaction();
            _ = transaction.HashSetAsync($"bare:feedback:{id}",
            [
                new("title", report.Title),
                new("body", report.Body ?? ""),
                new("author", report.Author ?? ""),
                new("source", "manual"),
                new("created_at", now.ToString("O", CultureInfo.InvariantCulture)),
            ]);
            _ = transaction.SortedSetAddAsync("bare:feedback:by_time", id, now.ToUnixTimeMilliseconds());
            _ = transaction.SetAddAsync("bare:feedback:unclustered", id);
            _ = transaction.StreamAddAsync("bare:stream:feedback", "id", id);
            await transaction.ExecuteAsync();
            return Results.Created($"/feedback/{id}", new StoredReport(id));
        });
        return app;
    }
}

internal sealed record ManualReport(string Title, string? Body, string? Author);

internal sealed record StoredReport(string Id);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ManualReport))]
[JsonSerializable(typeof(StoredReport))]
internal sealed partial class ReferenceJson : JsonSerializerContext;
