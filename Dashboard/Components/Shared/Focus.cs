using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace FeedbackFix.Dashboard.Components.Shared;

/// <summary>
/// Moves focus after a render (back to the button that opened a dialog, say). The element may be gone
/// by then (the button is not drawn any more) or the browser gone: focus then stays where it is, and
/// the live connection, which an exception here would end, goes on.
/// </summary>
public static class Focus
{
    public static async Task MoveToAsync(ElementReference element)
    {
        try
        {
            await element.FocusAsync();
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or InvalidOperationException)
        {
        }
    }
}
