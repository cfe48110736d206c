using System.Diagnostics;
using FeedbackFix.Contracts;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace FeedbackFix.Gateway.Keys;

/// <summary>Who called, in the request's trace and log scope, and what the services are told of it.</summary>
internal static class ApiKeyCaller
{
    /// <summary>
    /// After authentication: the key's name as a tag on the request's activity and in a log scope
    /// around the rest of the pipeline, so the proxy's logs and the refusals carry it. Never the key.
    /// </summary>
    public static async Task TagAsync(HttpContext context, Func<Task> next)
    {
        if (ApiKeyClaims.HolderOf(context) is not { } holder)
        {
            await next();
            return;
        }
        Activity.Current?.SetTag(ApiKeyClaims.ActivityTag, holder.Name);
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiKeyCaller).FullName!);
        using (logger.BeginScope(new KeyValuePair<string, object>[] { new(ApiKeyClaims.LogScope, holder.Name) }))
        {
            await next();
        }
    }

    /// <summary>
    /// The clustering service checks X-Admin-Key itself. The gateway drops whatever a client sent
    /// and, for a request with Admin scope, sends the configured admin key, so only the gateway's
    /// word reaches the services and an Admin-scope key works without the client knowing the admin key.
    /// </summary>
    public static void ForwardAdminKey(TransformBuilderContext transforms) =>
        transforms.AddRequestTransform(transform =>
        {
            transform.ProxyRequest.Headers.Remove(ApiHeaders.AdminKey);
            var http = transform.HttpContext;
            if (ApiKeyClaims.HolderOf(http) is { Scope: ApiKeyScope.Admin } &&
                http.RequestServices.GetRequiredService<IOptionsMonitor<GatewayOptions>>().CurrentValue.AdminKey is { Length: > 0 } adminKey)
            {
                transform.ProxyRequest.Headers.TryAddWithoutValidation(ApiHeaders.AdminKey, adminKey);
            }
            return ValueTask.CompletedTask;
        });

    /// <summary>
    /// The gateway checks X-Api-Key and no service reads it, so it stops here: a key never reaches a
    /// service, its logs or its traces. The services learn who called from the caller header instead.
    /// </summary>
    public static void DropApiKey(TransformBuilderContext transforms) =>
        transforms.AddRequestTransform(transform =>
        {
            transform.ProxyRequest.Headers.Remove(ApiHeaders.ApiKey);
            return ValueTask.CompletedTask;
        });

    /// <summary>
    /// The services record who acted (a cluster's activity): the gateway drops any caller name a
    /// client sent and sends the authenticated key's name. A person named by the dashboard
    /// (<see cref="ApiHeaders.OnBehalfOf"/>) passes through and is always shown with that key's name.
    /// </summary>
    public static void ForwardCaller(TransformBuilderContext transforms) =>
        transforms.AddRequestTransform(transform =>
        {
            transform.ProxyRequest.Headers.Remove(ApiHeaders.Caller);
            if (ApiKeyClaims.HolderOf(transform.HttpContext) is { } holder)
            {
                transform.ProxyRequest.Headers.TryAddWithoutValidation(ApiHeaders.Caller, holder.Name);
            }
            return ValueTask.CompletedTask;
        });
}
