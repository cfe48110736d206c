using Microsoft.AspNetCore.Authorization;

namespace FeedbackFix.Clusters.Auth;

/// <summary>The request's job token must be the token of the job named by the path's <c>{id}</c>.</summary>
internal sealed class JobTokenRequirement : IAuthorizationRequirement;
