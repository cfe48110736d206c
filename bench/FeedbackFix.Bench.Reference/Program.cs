using FeedbackFix.Bench.Reference;

// `endpoint`: POST /ingest/manual stores the report with the same four Redis writes as Ingestion, in
// one MULTI. `proxy --destination URL`: a YARP proxy that forwards everything to URL. See docs/benchmarks.md.
var mode = args.FirstOrDefault();
var app = mode switch
{
    "endpoint" => BareEndpoint.Build(args[1..]),
    "proxy" => BareProxy.Build(args[1..]),
    _ => null,
};
if (app is null)
{
    Console.Error.WriteLine("Usage: FeedbackFix.Bench.Reference endpoint --urls URL (ConnectionStrings__redis set)");
    Console.Error.WriteLine("       FeedbackFix.Bench.Reference proxy --destination URL --urls URL");
    return 64;
}
await app.RunAsync();
return 0;
