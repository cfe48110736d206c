namespace FeedbackFix.Deploy.Tests;

internal static class RepositoryRoot
{
    /// <summary>The folder above the test's binaries that holds <c>FeedbackFix.sln</c>.</summary>
    public static string Find()
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
}
