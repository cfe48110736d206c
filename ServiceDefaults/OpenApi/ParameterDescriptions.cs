namespace FeedbackFix.ServiceDefaults.OpenApi;

/// <summary>
/// What the parameters many operations share take, in the words the API description gives them
/// (<c>[Description(ParameterDescriptions.Cursor)]</c> on a handler's parameter).
/// </summary>
public static class ParameterDescriptions
{
    public const string Cursor =
        "Where the page starts: the next_cursor of the page before, given out for the same list (a cursor of another sort, " +
        "or of another status, source or cluster where those pick the list, is a 400). Leave it out for the first page.";

    public const string Limit = "How many items a page holds: a whole number from 1 to 200; 50 unless given.";

    public const string ClusterIdLeading = "The cluster's id; the id of a cluster merged into another answers for the cluster that absorbed it.";

    public const string JobId = "The job's id.";

    public const string IfMatch =
        "The ETag of the version the change was made from: if someone changed it since, a 412 and nothing is stored. " +
        "Without it, the whole is replaced whatever it holds.";
}
