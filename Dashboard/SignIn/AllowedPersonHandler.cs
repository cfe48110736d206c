using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace FeedbackFix.Dashboard.SignIn;

/// <summary>
/// Checks <see cref="AllowedPersonRequirement"/> on every request the fallback policy covers, with the
/// settings of the moment, so a person taken off the lists is refused from their next request on, though
/// their sign-in cookie is still valid. A live page already open keeps its connection until it is
/// loaded again (docs/deploy.md).
/// </summary>
internal sealed partial class AllowedPersonHandler(IOptionsMonitor<SignInOptions> options, ILogger<AllowedPersonHandler> logger)
    : AuthorizationHandler<AllowedPersonRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AllowedPersonRequirement requirement)
    {
        var admission = AllowedPeople.Check(context.User, options.CurrentValue);
        if (admission.Allowed)
        {
            context.Succeed(requirement);
        }
        else if (context.User.Identity is { IsAuthenticated: true })
        {
            // Someone not signed in is sent to sign in by the policy's other requirement; only a signed-in
            // person who may not use the dashboard is news for the operator.
            LogRefused(admission.Person ?? "(no name)", admission.Refusal!);
            context.Fail(new AuthorizationFailureReason(this, admission.Refusal!));
        }
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Person} on the dashboard: {Refusal}")]
    private partial void LogRefused(string person, string refusal);
}
