package org.onedoor.drivers.serial;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import org.tinylog.Logger;

/**
 * A serial device's up/down state, as its health reads it and its listener hears it: every change is kept, but the
 * listener hears only real changes (a port failing to open again and again is one {@code down}). A listener that
 * throws is counted among the device's errors and logged; it never stops the device's thread.
 */
public final class Availability {
    private final String device;
    private final BiConsumer<Boolean, String> listener;
    private final AtomicLong errors;
    private volatile boolean up;
    private volatile String detail = "not started";
    /** What the listener heard last; null before the first report. Only the device's thread reports. */
    private Boolean reportedUp;

    /**
     * @param device how the log names it, e.g. {@code Scanner east}
     * @param errors the device's error count, which a failing listener adds to
     */
    public Availability(String device, BiConsumer<Boolean, String> listener, AtomicLong errors) {
        this.device = device;
        this.listener = listener;
        this.errors = errors;
    }

    public boolean up() {
        return up;
    }

    public String detail() {
        return detail;
    }

    /** The device was closed on purpose: no listener hears it, as nothing is wrong. */
    public void closed() {
        up = false;
        detail = "closed";
    }

    public void mark(boolean nowUp, String why) {
        up = nowUp;
        detail = why;
        if (reportedUp != null && reportedUp == nowUp) {
            return;
        }
        reportedUp = nowUp;
        if (nowUp) {
            Logger.info("{}: up ({})", device, why);
        } else {
            Logger.warn("{}: down ({})", device, why);
        }
        try {
            listener.accept(nowUp, why);
        } catch (Throwable e) {
            if (FatalErrors.jvmWide(e)) {
                throw e;
            }
            errors.incrementAndGet();
            Logger.error(e, "{}: listener failed on availability change", device);
        }
    }

    /** An exception as a down reason: its message, or its type and the port when it has none. */
    public static String describe(Exception e, String portPath) {
        String message = e.getMessage();
        return message != null ? message : e.getClass().getSimpleName() + " on " + portPath;
    }
}
