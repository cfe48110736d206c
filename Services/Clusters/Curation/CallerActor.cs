using FeedbackFix.Contracts;
using FeedbackFix.Domain.Stores;

namespace FeedbackFix.Clusters.Curation;

/// <summary>
/// Who a curation request comes from: the API key's name the gateway forwards (it drops whatever a
/// client sent under that header), or the person the dashboard acts for under its own key.
/// </summary>
public static class CallerActor
{
    public static Actor From(HttpRequest request) =>
        Actor.FromCaller(request.Headers[ApiHeaders.Caller].ToString(), request.Headers[ApiHeaders.OnBehalfOf].ToString());
}
