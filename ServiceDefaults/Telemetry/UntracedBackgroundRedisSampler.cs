using System.Diagnostics;
using OpenTelemetry.Trace;

namespace FeedbackFix.ServiceDefaults.Telemetry;

/// <summary>
/// Drops the Redis client's spans for commands sent outside any span: a worker's poll of its stream
/// (XREADGROUP, XAUTOCLAIM, XPENDING), a reconcile pass, a lease renewal, a publisher's refresh. Each
/// would be a trace of its own with one span in it, several a second from idle workers, burying the
/// traces people look for. A command sent inside a span (a request, a clustering batch, a launch) is
/// kept as that span's child; everything else is left to <paramref name="inner"/>.
/// </summary>
/// <remarks>
/// The Redis instrumentation Aspire.StackExchange.Redis brings keeps its Filter option internal, so
/// this is decided when the span would start, from what the instrumentation passes then: no parent,
/// kind Client, and <c>db.system</c> (or <c>db.system.name</c>) <c>redis</c>.
/// </remarks>
public sealed class UntracedBackgroundRedisSampler(Sampler inner) : Sampler
{
    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.ParentContext.TraceId == default
        && samplingParameters.Kind == ActivityKind.Client
        && IsRedis(samplingParameters.Tags)
            ? Drop
            : inner.ShouldSample(samplingParameters);

    private static bool IsRedis(IEnumerable<KeyValuePair<string, object?>>? tags)
    {
        if (tags is null)
        {
            return false;
        }
        foreach (var (key, value) in tags)
        {
            if (key is "db.system" or "db.system.name" && value is "redis")
            {
                return true;
            }
        }
        return false;
    }
}
