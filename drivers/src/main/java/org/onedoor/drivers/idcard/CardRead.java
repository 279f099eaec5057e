package org.onedoor.drivers.idcard;

import java.time.LocalDate;
import java.util.Optional;

/**
 * What a card read yields: its ID number as the card holds it (18 characters on a valid card, unchecked here)
 * and the last day it is valid, empty for a card without an end. Personal data: never logged.
 */
public record CardRead(String idNumber, Optional<LocalDate> validTo) {

    /** Leaves the number out, so that logging a read by accident leaks nothing. */
    @Override
    public String toString() {
        return "CardRead[idNumber=<" + idNumber.length() + " chars>, validTo=" + validTo.orElse(null) + "]";
    }
}
