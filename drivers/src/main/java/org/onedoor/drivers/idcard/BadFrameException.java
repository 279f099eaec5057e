package org.onedoor.drivers.idcard;

/** A response frame whose length or check does not hold: noise on the line, or a failing module. */
public final class BadFrameException extends Exception {
    public BadFrameException(String message) {
        super(message);
    }
}
