package org.onedoor.drivers.modem;

import java.io.IOException;

/** A cellular modem that sends SMS PDUs. Used by one thread at a time. */
public interface SmsModem extends AutoCloseable {

    /**
     * Makes the modem ready to take PDUs, opening the port if needed. Run before each message: it is
     * also the check that the modem is alive and has not been reset to text mode since the last one.
     *
     * @throws IOException    the port cannot be opened or was lost
     * @throws ModemException the modem refused a step or stayed silent
     */
    void prepare() throws IOException, ModemException, InterruptedException;

    /** Submits one PDU after {@link #prepare()}; returns the message reference the modem gave it (0–255). */
    int submit(SubmitPdu pdu) throws IOException, ModemException, InterruptedException;

    /** Releases the port; a later {@link #prepare()} opens it again. */
    @Override
    void close();
}
