// Blazor's JS initializer for the dashboard (loaded by blazor.web.js by its name).
//
// An interactive page reached by a link is drawn again once it is live, which drops the focus Blazor put
// on its heading after the navigation: LiveMarker puts it back there, as every other page has it. A page
// the browser loaded afresh keeps the browser's own start.
//
// The head is not live: LiveTitle keeps the tab's title current as a live page changes what it shows.
let navigated = false;

export function afterWebStarted(blazor) {
    blazor.addEventListener("enhancedload", () => { navigated = true; });
    window.feedbackFix = {
        focusHeadingAfterNavigation() {
            if (!navigated || (document.activeElement && document.activeElement !== document.body)) {
                return;
            }
            const heading = document.querySelector("main h1");
            if (heading) {
                if (!heading.hasAttribute("tabindex")) {
                    heading.setAttribute("tabindex", "-1");
                }
                heading.focus({ preventScroll: true });
            }
        },
        setTitle(title) {
            document.title = title;
        },
    };
}
