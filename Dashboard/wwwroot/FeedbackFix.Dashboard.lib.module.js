// Blazor's JS initializer for the dashboard (loaded by blazor.web.js by its name).
//
// An interactive page reached by a link is drawn again once it is live, which drops the focus Blazor put
// on its heading after the navigation: LiveMarker puts it back there, as every other page has it. The
// first data a live page loads may draw it again a moment later (on a busy server, after LiveMarker ran),
// so for a short while the heading gets the focus back whenever it fell to the page's body; never from
// anything a person focused meanwhile. A page the browser loaded afresh keeps the browser's own start.
//
// The head is not live: LiveTitle keeps the tab's title current as a live page changes what it shows.
let navigated = false;
const settleMilliseconds = 3000;

function focusHeadingIfFocusIsLost() {
    if (document.activeElement && document.activeElement !== document.body) {
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
            if (!navigated || (document.activeElement && document.activeElement !== document.body)) {
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
