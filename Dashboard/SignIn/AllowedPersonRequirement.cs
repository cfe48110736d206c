using Microsoft.AspNetCore.Authorization;

namespace FeedbackFix.Dashboard.SignIn;

/// <summary>The fallback policy's rule beside being signed in: the person passes <see cref="AllowedPeople"/>.</summary>
internal sealed class AllowedPersonRequirement : IAuthorizationRequirement;
