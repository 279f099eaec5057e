package org.onedoor.terminal.risklist;

/** A payload refused before any signature was checked: it is too large or not a message at all. */
final class RejectedMessage extends Exception {
    private final Applied.Result result;

    RejectedMessage(Applied.Result result, String detail) {
        super(detail, null, false, false);
        this.result = result;
    }

    Applied toApplied() {
        return new Applied(result, getMessage());
    }
}
