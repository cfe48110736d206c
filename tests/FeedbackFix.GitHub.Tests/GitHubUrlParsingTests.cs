namespace FeedbackFix.GitHub.Tests;

public sealed class GitHubUrlParsingTests
{
    [Theory]
    [InlineData("https://github.com/acme/app", "acme", "app")]
    [InlineData("https://github.com/acme/app/", "acme", "app")]
    [InlineData("https://github.com/acme/app.git", "acme", "app")]
    [InlineData("https://github.com/acme/app.git/", "acme", "app")]
    [InlineData("  https://github.com/acme/app  ", "acme", "app")]
    [InlineData("https://GitHub.com/Acme-Corp/my.app_2", "Acme-Corp", "my.app_2")]
    [InlineData("https://github.com/a/b.github.io", "a", "b.github.io")]
    public void Repository_url_parses(string url, string owner, string name)
    {
        Assert.True(GitHubRepository.TryParse(url, out var repository));
        Assert.Equal(new GitHubRepository(owner, name), repository);
        Assert.Equal($"https://github.com/{owner}/{name}", repository.WebUrl);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("acme/app")]
    [InlineData("http://github.com/acme/app")]
    [InlineData("https://gitlab.com/acme/app")]
    [InlineData("https://github.com/acme")]
    [InlineData("https://github.com/acme/app/issues/1")]
    [InlineData("https://github.com/acme/app/tree/main")]
    [InlineData("https://github.com/-acme/app")]
    [InlineData("https://github.com/acme/..")]
    [InlineData("https://github.com/acme/app?tab=readme")]
    [InlineData("https://github.com.evil.example/acme/app")]
    [InlineData("git@github.com:acme/app.git")]
    public void Not_a_repository_url(string? url)
    {
        Assert.False(GitHubRepository.TryParse(url, out var repository));
        Assert.Null(repository);
    }

    [Theory]
    [InlineData("https://github.com/acme/app/issues/1", "acme", "app", 1)]
    [InlineData("https://github.com/acme/app/issues/1234/", "acme", "app", 1234)]
    [InlineData("https://github.com/acme/my.app/issues/7", "acme", "my.app", 7)]
    public void Issue_url_parses(string url, string owner, string name, int number)
    {
        Assert.True(GitHubIssueRef.TryParse(url, out var issue));
        Assert.Equal(new GitHubIssueRef(new GitHubRepository(owner, name), number), issue);
        Assert.Equal($"https://github.com/{owner}/{name}/issues/{number}", issue.WebUrl);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("https://github.com/acme/app")]
    [InlineData("https://github.com/acme/app/issues/")]
    [InlineData("https://github.com/acme/app/issues/0")]
    [InlineData("https://github.com/acme/app/issues/-3")]
    [InlineData("https://github.com/acme/app/issues/99999999999")]
    [InlineData("https://github.com/acme/app/pull/3")]
    [InlineData("https://github.com/acme/app/issues/3#issuecomment-1")]
    public void Not_an_issue_url(string? url)
    {
        Assert.False(GitHubIssueRef.TryParse(url, out var issue));
        Assert.Null(issue);
    }
}
