using System.Text.Json.Nodes;

namespace FeedbackFix.Gateway.OpenApi;

/// <summary>
/// An operation of a service's document that the gateway forwards: a copy with the path item's
/// shared parameters moved in and the service's effective "security" (its own, else the
/// document's) set on it.
/// </summary>
/// <param name="Method">Lower case, as an OpenAPI path item keys it.</param>
internal sealed record SelectedOperation(string Path, string Method, JsonObject Operation, RouteAccess Access);
