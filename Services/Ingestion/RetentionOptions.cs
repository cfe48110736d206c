using System.ComponentModel.DataAnnotations;

namespace FeedbackFix.Ingestion;

/// <summary>How long reports are kept: section <c>Retention</c>. Off (reports kept forever) unless <see cref="FeedbackMaxAgeDays"/> is set.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";
    public const string FeedbackMaxAgeDaysSetting = Section + ":" + nameof(FeedbackMaxAgeDays);

    /// <summary>
    /// Reports whose <c>created_at</c> is older than this many days are deleted, as <c>DELETE /feedback/{id}</c>
    /// deletes one. 0: reports are kept until someone deletes them.
    /// </summary>
    [Range(0, 36_500, ErrorMessage = FeedbackMaxAgeDaysSetting + " must be between 0 (keep reports forever) and 36500 days.")]
    public int FeedbackMaxAgeDays { get; set; }

    /// <summary>How often a pass looks for reports past the age (the first one right at start).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = Section + ":" + nameof(Interval) + " must be between 1 second and 1 day.")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How many of the oldest reports one pass looks at, deleted or kept (a cluster being fixed keeps its
    /// reports): a bound on each pass's work, so a large backlog is deleted over several passes.
    /// </summary>
    [Range(1, 100_000, ErrorMessage = Section + ":" + nameof(MaxReportsPerRun) + " must be between 1 and 100000.")]
    public int MaxReportsPerRun { get; set; } = 1_000;

    /// <summary>Whether reports are deleted for their age at all.</summary>
    public bool IsOn => FeedbackMaxAgeDays > 0;

    public TimeSpan FeedbackMaxAge => TimeSpan.FromDays(FeedbackMaxAgeDays);
}
