using System.ComponentModel;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace FeedbackFix.ServiceDefaults.Problems;

/// <summary>
/// A route or query value that its parameter's type refused (<c>TryParse</c> said no), as a field
/// error: the parameter's name, and what a value must be, from the type's <see cref="DescriptionAttribute"/>.
/// </summary>
internal sealed partial record BindingFailure(string Field, string Message)
{
    /// <summary>The name errors give the request body as a whole (the JSON path of its root).</summary>
    public const string BodyField = "$";

    public const string MissingBodyMessage = "The request body is required: send a JSON object, not an empty body or null.";

    /// <summary>The failure <paramref name="exception"/> reports, or null when it is not a parameter that failed to bind.</summary>
    public static BindingFailure? Read(HttpContext context, BadHttpRequestException exception)
    {
        // An empty body, or the JSON null, for a required body parameter: the framework says
        // "Implicit body inferred for parameter ... but no body was provided" or
        // "Required parameter ... was not provided from body", neither of which a client can act on.
        if (MissingBody().IsMatch(exception.Message))
        {
            return new BindingFailure(BodyField, MissingBodyMessage);
        }

        // The framework's wording (RequestDelegateFactory): Failed to bind parameter "RecordId id" from "bad!id".
        var match = FailedToBind().Match(exception.Message);
        if (!match.Success)
        {
            return null;
        }

        var field = match.Groups["name"].Value;
        // The exception handler has cleared the request's endpoint; the feature keeps the one that threw.
        var endpoint = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint();
        var type = endpoint?.Metadata.GetMetadata<MethodInfo>()?.GetParameters()
            .FirstOrDefault(p => p.Name == field)?.ParameterType;
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        var rule = type?.GetCustomAttribute<DescriptionAttribute>()?.Description;
        return new BindingFailure(field, rule is null ? $"{field} is not valid." : $"{field} must be {rule}.");
    }

    [GeneratedRegex("""^(Implicit body inferred for parameter "[^"]*" but no body was provided|Required parameter "[^"]*" was not provided from body)""", RegexOptions.CultureInvariant)]
    private static partial Regex MissingBody();

    [GeneratedRegex("""^Failed to bind parameter "[^"]* (?<name>[A-Za-z_][A-Za-z0-9_]*)" from ".*"\.\z""", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex FailedToBind();
}
