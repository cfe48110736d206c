namespace FeedbackFix.Bench.Ingestion;

/// <summary>The wrk Lua script for POST /ingest/manual, written to a temp file and deleted on dispose.</summary>
internal sealed class IngestScript : IDisposable
{
    // No external_id, so every request stores a new item (201); the title varies per request.
    private const string Template = """
        wrk.method = "POST"
        wrk.headers["Content-Type"] = "application/json"
        wrk.headers["X-Api-Key"] = "{API_KEY}"

        local n = 0
        local body = "The export button does nothing when the report has more than a thousand rows; " ..
          "I waited a minute and nothing was downloaded. Chrome 131 on Windows, the network tab shows no request."

        function request()
          n = n + 1
          return wrk.format(nil, nil, nil,
            '{"title":"Export fails on large reports #' .. n .. '","body":"' .. body .. '","author":"bench"}')
        end
        """;

    /// <summary>A body of the kind the script sends, for a preflight request.</summary>
    public const string SampleBody = """{"title":"Export fails on large reports #0","body":"Nothing is downloaded.","author":"bench"}""";

    public IngestScript(string apiKey)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"feedbackfix-bench-{Guid.NewGuid():N}.lua");
        File.WriteAllText(Path, Template.Replace("{API_KEY}", apiKey, StringComparison.Ordinal));
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
