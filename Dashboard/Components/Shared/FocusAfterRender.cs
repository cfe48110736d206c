using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace FeedbackFix.Dashboard.Components.Shared;

/// <summary>
/// Focus a component asks for while handling an event (back to the button that opened a dialog, say),
/// moved once the render that draws the element is done: the component calls <see cref="MoveAsync"/>
/// from <c>OnAfterRenderAsync</c>. The element may be gone by then (the button is not drawn any more)
/// or the browser gone: focus then stays where it is, and the live connection, which an exception here
/// would end, goes on.
/// </summary>
public sealed class FocusAfterRender
{
    private Func<ElementReference?>? _target;

    /// <summary>Where focus goes after the next render; read then, when the element has been drawn (null: nowhere).</summary>
    public void To(Func<ElementReference?> target) => _target = target;

    public async Task MoveAsync()
    {
        if (_target is not { } target)
        {
            return;
        }
        _target = null;
        if (target() is not { } element)
        {
            return;
        }
        try
        {
            await element.FocusAsync();
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or InvalidOperationException)
        {
        }
    }
}
