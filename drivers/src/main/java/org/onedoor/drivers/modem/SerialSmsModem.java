package org.onedoor.drivers.modem;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.util.List;

import org.onedoor.drivers.serial.SerialLink;
import org.onedoor.drivers.serial.SerialPortOpener;
import org.tinylog.Logger;

/**
 * A SIM800/SIM7600-class modem on a serial port, driven with AT commands in PDU mode.
 *
 * <p>Before each message, {@link #prepare()} runs {@code AT}, {@code ATE0} and {@code AT+CMGF=0}.
 * That is the liveness check — JSSC reports neither a hang-up nor a dead modem by itself — and it
 * puts back echo-off and PDU mode after a modem reset, which a UART-wired modem can go through
 * without the port noticing (a PDU sent in text mode would go out as hex digits to the wrong number).
 *
 * <p>A lost port (I/O error) closes the link; the next {@link #prepare()} opens it again by path.
 * A port found hung up at the start of {@link #prepare()} is reopened at once, so a modem replugged
 * while idle costs no failed message. A silent step leaves the modem in an unknown state: ESC
 * cancels a prompt it may still be holding and the link is closed.
 */
public final class SerialSmsModem implements SmsModem {
    private static final byte CTRL_Z = 0x1A;
    private static final byte[] ESC = {0x1B};

    private final String portPath;
    private final int baud;
    private final SerialPortOpener opener;
    private final ModemTimeouts timeouts;
    private SerialLink link;
    private AtChannel channel;

    public SerialSmsModem(String portPath, int baud, SerialPortOpener opener, ModemTimeouts timeouts) {
        this.portPath = portPath;
        this.baud = baud;
        this.opener = opener;
        this.timeouts = timeouts;
    }

    @Override
    public void prepare() throws IOException, ModemException, InterruptedException {
        AtChannel at = openedChannel();
        try {
            at.discardInput();
        } catch (IOException e) {
            Logger.info("SMS modem {}: port lost while idle ({}); reopening", portPath, e.getMessage());
            drop();
            at = openedChannel();
        }
        try {
            at.command("AT", timeouts.command());
            at.command("ATE0", timeouts.command());
            at.command("AT+CMGF=0", timeouts.command());
        } catch (IOException | ModemException e) {
            failed(e);
            throw e;
        }
    }

    @Override
    public int submit(SubmitPdu pdu) throws IOException, ModemException, InterruptedException {
        if (channel == null) {
            throw new IllegalStateException("submit without prepare");
        }
        try {
            channel.commandForPrompt("AT+CMGS=" + pdu.tpduLength(), timeouts.prompt());
            byte[] hex = pdu.hex().getBytes(US_ASCII);
            byte[] data = new byte[hex.length + 1];
            System.arraycopy(hex, 0, data, 0, hex.length);
            data[hex.length] = CTRL_Z;
            return reference(channel.send(data, "AT+CMGS PDU", timeouts.submit()));
        } catch (IOException | ModemException e) {
            failed(e);
            throw e;
        }
    }

    @Override
    public void close() {
        drop();
    }

    /**
     * The {@code +CMGS: <mr>} line. A modem that says {@code OK} has sent the message, so a missing or
     * garbled reference is reported as -1 rather than as a failure that would send it twice.
     */
    static int reference(List<String> lines) {
        for (String line : lines) {
            if (line.startsWith("+CMGS:")) {
                try {
                    int mr = Integer.parseInt(line.substring("+CMGS:".length()).trim());
                    return mr >= 0 && mr <= 255 ? mr : -1;
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private AtChannel openedChannel() throws IOException {
        if (channel == null) {
            link = opener.open(portPath, baud);
            channel = new AtChannel(link);
            Logger.debug("SMS modem {}: open at {} baud", portPath, baud);
        }
        return channel;
    }

    /** A refusal leaves the dialogue in order; silence or a lost port does not. */
    private void failed(Exception e) {
        boolean silent = e instanceof ModemException m && m.silent();
        if (silent) {
            cancelPrompt();
        }
        if (silent || e instanceof IOException) {
            drop();
        }
    }

    private void cancelPrompt() {
        try {
            channel.write(ESC);
        } catch (IOException e) {
            Logger.debug("SMS modem {}: ESC not written ({})", portPath, e.getMessage());
        }
    }

    private void drop() {
        if (link != null) {
            link.close();
        }
        link = null;
        channel = null;
    }
}
