package org.onedoor.drivers.modem;

import java.time.Duration;

/**
 * The modem refused a step ({@code ERROR}, {@code +CMS ERROR: n}, {@code +CME ERROR: n}) or did not
 * finish it in time. {@link #reason()} is short and safe to record: it never holds a PDU, a number
 * or a text.
 */
public final class ModemException extends Exception {
    private static final int MAX_REASON_CHARS = 64;

    private final String reason;
    private final boolean silent;

    private ModemException(String reason, boolean silent) {
        super(reason);
        this.reason = reason;
        this.silent = silent;
    }

    /** The modem gave {@code result} as the final answer to {@code step}. */
    static ModemException refused(String step, String result) {
        return new ModemException(step + ": " + printable(result), false);
    }

    /** Nothing conclusive came back to {@code step} within {@code timeout}. */
    static ModemException silent(String step, Duration timeout) {
        return new ModemException(step + ": no answer within " + timeout.toMillis() + " ms", true);
    }

    /** e.g. {@code AT+CMGS: +CMS ERROR: 500} or {@code AT: no answer within 2000 ms}. */
    public String reason() {
        return reason;
    }

    /** True when the modem did not answer in time; false when it answered with an error. */
    public boolean silent() {
        return silent;
    }

    /** Bytes from the modem are not trusted: printable ASCII only, and not much of it. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_REASON_CHARS));
        for (int i = 0; i < text.length() && out.length() < MAX_REASON_CHARS; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return out.toString();
    }
}
