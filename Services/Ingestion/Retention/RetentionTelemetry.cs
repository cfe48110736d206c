using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FeedbackFix.Ingestion.Retention;

/// <summary>Metrics and traces of the reports' retention (meter and source "FeedbackFix.Ingestion").</summary>
public sealed class RetentionTelemetry : IDisposable
{
    public const string Name = "FeedbackFix.Ingestion";

    private readonly Meter _meter;

    public RetentionTelemetry(IMeterFactory meters)
    {
        _meter = meters.Create(Name);
        Deleted = _meter.CreateCounter<long>("feedbackfix.retention.deleted", "{report}", "Reports deleted by retention for their age");
        KeptWhileFixing = _meter.CreateCounter<long>("feedbackfix.retention.kept_while_fixing", "{report}",
            "Reports past the retention age kept for now because their cluster is being fixed");
    }

    public static ActivitySource Source { get; } = new(Name);

    public Counter<long> Deleted { get; }

    public Counter<long> KeptWhileFixing { get; }

    public void Dispose() => _meter.Dispose();
}
