// Keeps a log scrolled to its end while the reader is at its end; scrolling up to read stops it
// until the reader comes back down.
export function init(log, atEnd) {
    log.dataset.atEnd = atEnd ? "true" : "false";
    log.addEventListener("scroll", () => {
        log.dataset.atEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 24 ? "true" : "false";
    }, { passive: true });
    keepAtEnd(log);
}

export function keepAtEnd(log) {
    if (log.dataset.atEnd === "true") {
        log.scrollTop = log.scrollHeight;
    }
}
