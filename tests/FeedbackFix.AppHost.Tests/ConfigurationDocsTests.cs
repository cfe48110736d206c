using System.Text.RegularExpressions;

namespace FeedbackFix.AppHost.Tests;

/// <summary>
/// The README's configuration table against the settings the code reads, found in the source files
/// (this project references only the AppHost, so the services' option types are not at hand).
/// </summary>
public sealed class ConfigurationDocsTests
{
    [Fact]
    public void Every_setting_the_code_binds_is_named_in_the_README_configuration_table()
    {
        var repository = SourceSettings.RepositoryRoot();
        var table = Readme.Section(repository, "## Configuration");

        var missing = SourceSettings.Collect(repository).Where(key => !Readme.Names(table, key)).ToList();

        Assert.True(missing.Count == 0,
            $"README.md's configuration table does not name {missing.Count} setting(s) the code reads: {string.Join(", ", missing)}. " +
            "Add a row (or the key to a row) with its default and meaning.");
    }

    [Fact]
    public void The_scan_finds_options_properties_derived_sections_parameters_and_direct_reads()
    {
        var keys = SourceSettings.Collect(SourceSettings.RepositoryRoot());

        // One of each way a setting enters the code, so the test above cannot pass by finding nothing.
        Assert.Contains("Gateway:OpenApi:FetchTimeout", keys);        // Section = "..." and { get; set; }
        Assert.Contains("Clustering:Labeling:Llm:Enabled", keys);     // Section = LabelingOptions.Section + ":Llm"
        Assert.Contains("Parameters:api-key", keys);                  // AddParameter("api-key", ...)
        Assert.Contains("Parameters:github-token", keys);             // WithOptionalParameter("github-token", ...)
        Assert.Contains("Redis:Mode", keys);                          // Configuration["Redis:Mode"]
        Assert.DoesNotContain("Reddit:RateWindow", keys);             // internal: the binder leaves it alone
    }

    [Fact]
    public void A_key_counts_only_as_a_whole_setting_name()
    {
        const string table = "| `Clustering:Embedding:BatchSize` | 16 |\n| `Reddit:MaxAttempts`, `Reddit:MaxRetryWait` | 4 |";

        Assert.True(Readme.Names(table, "Clustering:Embedding:BatchSize"));
        Assert.True(Readme.Names(table, "Reddit:MaxRetryWait"));
        Assert.False(Readme.Names(table, "Clustering:BatchSize"));
        Assert.False(Readme.Names(table, "Embedding:BatchSize"));
        Assert.False(Readme.Names(table, "Reddit:MaxRetry"));
    }
}

/// <summary>The README's text, and whether it names a setting.</summary>
internal static class Readme
{
    /// <summary>From <paramref name="heading"/> to the next heading of the same level (its ### subsections stay in).</summary>
    public static string Section(string repository, string heading)
    {
        var lines = File.ReadAllLines(Path.Combine(repository, "README.md"));
        var start = Array.IndexOf(lines, heading);
        Assert.True(start >= 0, $"README.md has no '{heading}' heading.");
        var end = Array.FindIndex(lines, start + 1, line => line.StartsWith("## ", StringComparison.Ordinal));
        return string.Join('\n', lines[start..(end < 0 ? lines.Length : end)]);
    }

    /// <summary>
    /// Whether <paramref name="text"/> names <paramref name="key"/> whole: not as the tail of a longer
    /// path (<c>Clustering:Embedding:BatchSize</c> does not name <c>Embedding:BatchSize</c>) nor the head
    /// of a longer name. A following ':' is allowed: <c>Launchers:Ecs:Tags:&lt;key&gt;</c> names <c>Launchers:Ecs:Tags</c>.
    /// </summary>
    public static bool Names(string text, string key) =>
        Regex.IsMatch(text, $@"(?<![\w:-]){Regex.Escape(key)}(?![\w-])", RegexOptions.CultureInvariant);
}

/// <summary>
/// The configuration keys the code reads, collected from its source files. Plain regular expressions
/// are enough because the code follows one options style: one options class per file, with
/// <c>public const string Section = "X";</c> and auto-properties <c>public T Name { get; set; }</c>
/// (what the configuration binder sets); the AppHost declares parameters with a literal name in
/// <c>AddParameter("name", ...)</c> or <c>WithOptionalParameter("name", ...)</c>. A setting read some
/// other way is not seen here; the scan test below the main one notices when a form stops being found.
/// </summary>
internal static partial class SourceSettings
{
    private static readonly string[] SourceFolders = ["AppHost", "Dashboard", "Gateway", "ServiceDefaults", "Services"];

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FeedbackFix.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("The tests run outside the repository: FeedbackFix.sln was not found above " + AppContext.BaseDirectory);
    }

    public static SortedSet<string> Collect(string repository)
    {
        var files = SourceFolders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(repository, folder), "*.cs", SearchOption.AllDirectories))
            .Where(path => !IsBuildOutput(repository, path))
            .Select(File.ReadAllText)
            .ToList();

        var keys = new SortedSet<string>(StringComparer.Ordinal);
        keys.UnionWith(OptionsKeys(files));
        keys.UnionWith(files.SelectMany(text => ParameterName().Matches(text)).Select(match => "Parameters:" + match.Groups["name"].Value));
        keys.UnionWith(files.SelectMany(text => DirectRead().Matches(text)).Select(match => match.Groups["key"].Value));
        return keys;
    }

    /// <summary>Section:Property for every public settable property of every class that declares a Section.</summary>
    private static IEnumerable<string> OptionsKeys(List<string> files)
    {
        var options = files
            .Select(text => (Type: TypeName().Match(text), Section: SectionConstant().Match(text), Text: text))
            .Where(file => file.Type.Success && file.Section.Success)
            .ToList();
        var sections = options.ToDictionary(file => file.Type.Groups["name"].Value, file => file.Section.Groups["value"].Value);

        return options.SelectMany(file =>
        {
            var section = Resolve(file.Section.Groups["value"].Value, sections);
            return SettableProperty().Matches(file.Text).Select(property => $"{section}:{property.Groups["name"].Value}");
        });
    }

    /// <summary>
    /// A Section's value: a string literal, or literals and other classes' <c>Type.Section</c> joined
    /// with '+' (<c>LabelingOptions.Section + ":Llm"</c>).
    /// </summary>
    private static string Resolve(string expression, Dictionary<string, string> sections) =>
        string.Concat(expression.Split('+').Select(part => part.Trim()).Select(part =>
            part.StartsWith('"')
                ? part.Trim('"')
                : sections.TryGetValue(part.Split('.')[0], out var other)
                    ? Resolve(other, sections)
                    : throw new InvalidOperationException($"Cannot read the section '{expression}': '{part}' is not a literal or a known Type.Section.")));

    private static bool IsBuildOutput(string repository, string path) =>
        Path.GetRelativePath(repository, path).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj");

    // A declaration, not the word "class" in a comment: "public sealed partial class EcsOptions".
    [GeneratedRegex(@"^\s*(?:public|internal)\s+(?:[a-z]+\s+)*(?:class|record)\s+(?<name>\w+)", RegexOptions.Multiline)]
    private static partial Regex TypeName();

    [GeneratedRegex(@"public\s+const\s+string\s+Section\s*=\s*(?<value>[^;]+);")]
    private static partial Regex SectionConstant();

    // Public only: the configuration binder sets public properties; internal ones are for tests.
    [GeneratedRegex(@"public\s+[^=;(){}]+?\s+(?<name>\w+)\s*\{\s*get;\s*set;\s*\}")]
    private static partial Regex SettableProperty();

    [GeneratedRegex(@"\b(?:AddParameter|WithOptionalParameter)\(\s*""(?<name>[^""]+)""")]
    private static partial Regex ParameterName();

    // Literal keys only: Configuration[$"Parameters:{parameter}"] is covered by the parameter names.
    [GeneratedRegex(@"Configuration\[\s*""(?<key>[^""]+)""\s*\]")]
    private static partial Regex DirectRead();
}
