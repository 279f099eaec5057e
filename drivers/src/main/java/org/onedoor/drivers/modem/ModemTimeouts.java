package org.onedoor.drivers.modem;

import java.time.Duration;

/**
 * How long each step may take before the modem counts as silent.
 *
 * @param command a plain command ({@code AT}, {@code ATE0}, {@code AT+CMGF=0}); modems answer in milliseconds
 * @param prompt  {@code AT+CMGS=<n>} until the {@code >} prompt
 * @param submit  the PDU and Ctrl-Z until {@code +CMGS: <mr>} and {@code OK}: the network's turn;
 *                the SIM800 AT manual gives 60 s as its longest answer time.
 */
public record ModemTimeouts(Duration command, Duration prompt, Duration submit) {
    public static final ModemTimeouts DEFAULTS =
            new ModemTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(60));

    public ModemTimeouts {
        for (Duration d : new Duration[] {command, prompt, submit}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("modem timeouts must be positive: " + d);
            }
        }
    }
}
