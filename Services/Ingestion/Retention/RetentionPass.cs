namespace FeedbackFix.Ingestion.Retention;

/// <summary>How a retention pass ended.</summary>
public enum RetentionPassOutcome
{
    /// <summary>Retention is off (<c>Retention:FeedbackMaxAgeDays</c> is 0): nothing was looked at.</summary>
    Off,

    /// <summary>Another replica holds <c>lock:retention</c> and is running its pass: this one left it to it.</summary>
    Busy,

    /// <summary>Every report past the age was looked at, or <c>Retention:MaxReportsPerRun</c> of them.</summary>
    Completed,

    /// <summary>Stopped early (the lease was lost, or membership kept changing): the next pass goes on.</summary>
    Interrupted,
}

/// <summary>What one pass did: reports deleted, and reports past the age kept because their cluster is fixing.</summary>
public sealed record RetentionPass(RetentionPassOutcome Outcome, int Deleted = 0, int KeptWhileFixing = 0);
