// Blazor's JS initializer for the dashboard (loaded by blazor.web.js by its name).
//
// An interactive page reached by a link is drawn again once it is live, which drops the focus Blazor put
// on its heading after the navigation: LiveMarker puts it back there, as every other page has it. The
// first data a live page loads may draw it again a moment later (on a busy server, after LiveMarker ran),
// so for a short while the heading gets the focus back whenever it is lost (focusIsLost); never from
// anything a person focused meanwhile. A page the browser loaded afresh keeps the browser's own start.
//
// The head is not live: LiveTitle keeps the tab's title current as a live page changes what it shows.
let navigated = false;
// A page whose address is not the one the browser loaded was reached by a link, also when its live
// connection comes up before Blazor reports the enhanced load.
const loadedUrl = location.href;
const settleMilliseconds = 3000;

// Where focus is after a navigation when nobody moved it: on the page's body, or still on the link that
// was followed (in the navigation, outside the page's main part).
function focusIsLost() {
    const active = document.activeElement;
    const main = document.querySelector("main");
    return !active || active === document.body || (active.tagName === "A" && !!main && !main.contains(active));
}

function focusHeadingIfFocusIsLost() {
    if (!focusIsLost()) {
        return;
    }
    const heading = document.querySelector("main h1");
    if (heading) {
        if (!heading.hasAttribute("tabindex")) {
            heading.setAttribute("tabindex", "-1");
        }
        heading.focus({ preventScroll: true });
    }
}

export function afterWebStarted(blazor) {
    blazor.addEventListener("enhancedload", () => { navigated = true; });
    window.feedbackFix = {
        focusHeadingAfterNavigation() {
            if ((!navigated && location.href === loadedUrl) || !focusIsLost()) {
                return;
            }
            focusHeadingIfFocusIsLost();
            const main = document.querySelector("main");
            if (main) {
                const redrawn = new MutationObserver(focusHeadingIfFocusIsLost);
                redrawn.observe(main, { childList: true, subtree: true });
                setTimeout(() => redrawn.disconnect(), settleMilliseconds);
            }
        },
        setTitle(title) {
            document.title = title;
        },
    };
}
