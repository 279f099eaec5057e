package org.onedoor.drivers.modem;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.onedoor.drivers.serial.SerialLink;

/**
 * The AT dialogue over a {@link SerialLink}: writes a command, then collects the modem's lines up to
 * the final result code ({@code OK}, {@code ERROR}, {@code +CMS ERROR: n}, {@code +CME ERROR: n}) or
 * up to the {@code >} prompt, within a deadline. Lines that are neither — echoes, unsolicited codes
 * such as {@code RING} or {@code +CMTI: …} — are collected, never mistaken for the answer.
 *
 * <p>The port is read like the scanners' (docs/serial.md): what the kernel holds, and when it holds
 * nothing, a wait in the kernel until it does or the step's deadline passes; no JSSC wait ever spins.
 */
final class AtChannel {
    /** Longer lines are dropped whole: nothing a modem says to these commands comes near. */
    static final int MAX_LINE_CHARS = 512;
    /** Information lines kept for the caller; an answer to these commands has one or none. */
    private static final int MAX_INFORMATION_LINES = 16;
    private static final int MAX_DISCARD_READS = 16;
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final SerialLink link;
    private final byte[] buf = new byte[1024];
    private final StringBuilder partial = new StringBuilder();
    private boolean overlong;

    AtChannel(SerialLink link) {
        this.link = link;
    }

    /** Drops whatever the modem said while nobody asked (unsolicited codes, a late answer). */
    void discardInput() throws IOException {
        for (int reads = 0; reads < MAX_DISCARD_READS && link.read(buf) > 0; reads++) {
            // what the kernel holds now; a device that never stops talking is caught by the next deadline
        }
        partial.setLength(0);
        overlong = false;
    }

    /** Sends {@code command} and CR; returns the lines before its {@code OK} (at most 16). */
    List<String> command(String command, Duration timeout) throws IOException, ModemException, InterruptedException {
        link.write((command + "\r").getBytes(US_ASCII));
        return awaitFinal(command, timeout);
    }

    /** Sends {@code command} and CR and waits for the {@code >} prompt that asks for data. */
    void commandForPrompt(String command, Duration timeout)
            throws IOException, ModemException, InterruptedException {
        link.write((command + "\r").getBytes(US_ASCII));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : nextLines(command, timeout, deadline)) {
                if (isFinal(line)) {
                    throw ModemException.refused(command, line);
                }
            }
            if (isPrompt(partial)) {
                partial.setLength(0);
                return;
            }
        }
    }

    /** Writes {@code data} as is (after a prompt) and returns the lines before its {@code OK}. */
    List<String> send(byte[] data, String step, Duration timeout)
            throws IOException, ModemException, InterruptedException {
        link.write(data);
        return awaitFinal(step, timeout);
    }

    /** Writes without waiting for an answer, e.g. ESC to leave a prompt. */
    void write(byte[] data) throws IOException {
        link.write(data);
    }

    private List<String> awaitFinal(String step, Duration timeout)
            throws IOException, ModemException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> information = new ArrayList<>();
        while (true) {
            for (String line : nextLines(step, timeout, deadline)) {
                if (line.equals("OK")) {
                    return information;
                }
                if (isFinal(line)) {
                    throw ModemException.refused(step, line);
                }
                if (information.size() < MAX_INFORMATION_LINES) {
                    information.add(line);
                }
            }
        }
    }

    /**
     * The lines completed by the next bytes to arrive, perhaps none. The deadline is checked before
     * every read, so a device that never stops talking (a GPS on the wrong port, a wrong baud rate)
     * fails the step as surely as a silent one.
     */
    private List<String> nextLines(String step, Duration timeout, long deadline)
            throws IOException, ModemException, InterruptedException {
        while (true) {
            if (System.nanoTime() - deadline >= 0) {
                throw ModemException.silent(step, timeout);
            }
            int n = link.read(buf);
            if (n > 0) {
                List<String> lines = new ArrayList<>();
                collect(n, lines);
                return lines;
            }
            link.awaitInput(deadline - System.nanoTime());
        }
    }

    private void collect(int n, List<String> lines) {
        for (int i = 0; i < n; i++) {
            byte b = buf[i];
            if (b == CR || b == LF) {
                if (!overlong && partial.length() > 0) {
                    lines.add(partial.toString());
                }
                partial.setLength(0);
                overlong = false;
            } else if (partial.length() < MAX_LINE_CHARS) {
                partial.append((char) (b & 0xFF));
            } else {
                overlong = true;
            }
        }
    }

    /** The prompt is {@code "> "} after a line break, not followed by one. */
    static boolean isPrompt(CharSequence partial) {
        return partial.length() > 0 && partial.charAt(0) == '>'
                && (partial.length() == 1 || partial.length() == 2 && partial.charAt(1) == ' ');
    }

    /** A final result code: the command is over, for better or worse. */
    static boolean isFinal(String line) {
        return line.equals("OK") || line.equals("ERROR") || line.startsWith("+CMS ERROR")
                || line.startsWith("+CME ERROR");
    }
}
