using System.Diagnostics.CodeAnalysis;

namespace FeedbackFix.Dashboard.Api;

/// <summary>An API answer: its value, or the problem that came instead.</summary>
public sealed record ApiResult<T>(T? Value, ApiProblem? Problem)
{
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Ok => Problem is null;

    public static implicit operator ApiResult<T>(T value) => new(value, null);

    public static implicit operator ApiResult<T>(ApiProblem problem) => new(default, problem);
}
