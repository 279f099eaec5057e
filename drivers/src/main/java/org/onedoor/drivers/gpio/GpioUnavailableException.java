package org.onedoor.drivers.gpio;

/**
 * The configured GPIO provider cannot drive this machine's GPIO: no chip, a board the provider does
 * not know, a pin it cannot claim. Retrying does not help; the message names the pin, the chips and
 * the board, on one line.
 */
public final class GpioUnavailableException extends RuntimeException {
    public GpioUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
