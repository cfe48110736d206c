using System.ComponentModel.DataAnnotations;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Ingestion.Tests.Support;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Ingestion.Tests.Retention;

/// <summary>The <c>Retention</c> settings in the real service: checked at start, and acted on when set.</summary>
public sealed class RetentionSettingsTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Theory]
    [InlineData("Retention:FeedbackMaxAgeDays", "-1")]
    [InlineData("Retention:Interval", "00:00:00")]
    [InlineData("Retention:MaxReportsPerRun", "0")]
    public async Task A_setting_out_of_its_range_stops_the_start_naming_it(string setting, string value)
    {
        var failure = await IngestionSettings.StartFailureAsync<RetentionOptions>(redis.ConnectionString, new Dictionary<string, string?> { [setting] = value });

        Assert.Contains(setting, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_keep_reports_forever()
    {
        var defaults = new RetentionOptions();

        Validator.ValidateObject(defaults, new ValidationContext(defaults), validateAllProperties: true);
        Assert.False(defaults.IsOn);
    }

    [Fact]
    public async Task With_an_age_set_the_running_service_deletes_a_report_older_than_it()
    {
        var store = new FeedbackStore(redis.Connection, TimeProvider.System);
        var old = (await store.AddAsync(new NewFeedback(FeedbackSource.Manual, Unique.Token(), "Export fails", "Times out.", null, null,
            DateTimeOffset.UtcNow.AddDays(-400)), null)).Id;
        var young = (await store.AddAsync(new NewFeedback(FeedbackSource.Manual, Unique.Token(), "Export fails", "Times out.", null, null,
            DateTimeOffset.UtcNow.AddDays(-10)), null)).Id;
        await using var factory = new IngestionFactory(redis.ConnectionString, new Dictionary<string, string?> { ["Retention:FeedbackMaxAgeDays"] = "365" });

        _ = factory.CreateClient();

        await Eventually.TrueAsync(async () => await store.GetAsync(old) is null, TimeSpan.FromSeconds(20), "the report older than a year to be deleted");
        Assert.NotNull(await store.GetAsync(young));
    }
}
