namespace FeedbackFix.Bench.Dashboard;

/// <summary>
/// One address timed with sequential GETs: a dashboard page (its HTML, prerendered with the data) or
/// one of the API calls behind it (with the stack's key). <paramref name="Expect"/> is text the
/// answer must hold, so an error page cannot pass for a measurement.
/// </summary>
internal sealed record HttpTarget(string Name, DashboardStack Stack, Uri Url, bool WithKey, string Expect);
