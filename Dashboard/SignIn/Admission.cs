namespace FeedbackFix.Dashboard.SignIn;

/// <summary>
/// Whether a person may use the dashboard, who they are signed in as (their e-mail, else user name, else
/// name, else subject), and, when they may not, why, in words the person and the operator read.
/// </summary>
internal sealed record Admission(bool Allowed, string? Person, string? Refusal)
{
    public static Admission Admit(string? person) => new(true, person, null);

    public static Admission Refuse(string? person, string refusal) => new(false, person, refusal);
}
