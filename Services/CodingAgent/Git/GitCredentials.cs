using System.Text;

namespace FeedbackFix.CodingAgent.Git;

/// <summary>
/// How git authenticates to an https remote without the token ever being in an argument, a URL,
/// the clone's config or a log: the child process's environment carries a config entry
/// (<c>GIT_CONFIG_COUNT</c>/<c>GIT_CONFIG_KEY_0</c>/<c>GIT_CONFIG_VALUE_0</c>) that adds an
/// <c>Authorization</c> header, scoped to the remote's base URL so no other host ever sees it.
/// </summary>
internal sealed class GitCredentials
{
    private GitCredentials(string key, string value, string headerSecret)
    {
        Key = key;
        Value = value;
        HeaderSecret = headerSecret;
    }

    /// <summary>The config key, <c>http.{base}.extraHeader</c>.</summary>
    public string Key { get; }

    public string Value { get; }

    /// <summary>The encoded credential, to be masked like the token itself.</summary>
    public string HeaderSecret { get; }

    /// <summary>Null for remotes that take no header (file://, a missing token).</summary>
    public static GitCredentials? For(Uri gitBaseUrl, string? token)
    {
        if (string.IsNullOrEmpty(token) || (gitBaseUrl.Scheme != Uri.UriSchemeHttps && gitBaseUrl.Scheme != Uri.UriSchemeHttp))
        {
            return null;
        }
        // GitHub takes a token as the password of basic auth with any user name; x-access-token is its documented one.
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes($"x-access-token:{token}"));
        return new GitCredentials($"http.{gitBaseUrl.AbsoluteUri}.extraHeader", $"Authorization: Basic {encoded}", encoded);
    }

    public void AddTo(IDictionary<string, string?> environment)
    {
        environment["GIT_CONFIG_COUNT"] = "1";
        environment["GIT_CONFIG_KEY_0"] = Key;
        environment["GIT_CONFIG_VALUE_0"] = Value;
    }
}
