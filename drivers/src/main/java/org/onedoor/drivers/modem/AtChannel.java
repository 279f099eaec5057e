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
 * <p>The port is polled like the scanners' (docs/serial.md): read what the kernel holds, sleep
 * {@value #POLL_MS} ms when it holds nothing. A dialogue is a few short exchanges per message, so
 * the sleep costs nothing worth measuring and no JSSC wait ever spins.
 */
final class AtChannel {
    static final long POLL_MS = 5;
    /** Longer lines are dropped whole: nothing a modem says to these commands comes near. */
    static final int MAX_LINE_CHARS = 512;
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
        while (link.read(buf) > 0) {
            // keep reading until the kernel's buffer is empty
        }
        partial.setLength(0);
        overlong = false;
    }

    /** Sends {@code command} and CR; returns the lines before its {@code OK}. */
    List<String> command(String command, Duration timeout) throws IOException, ModemException, InterruptedException {
        link.write((command + "\r").getBytes(US_ASCII));
        return awaitFinal(command, timeout);
    }

    /** Sends {@code command} and CR and waits for the {@code >} prompt that asks for data. */
    void commandForPrompt(String command, Duration timeout)
            throws IOException, ModemException, InterruptedException {
        link.write((command + "\r").getBytes(US_ASCII));
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> lines = new ArrayList<>();
        while (true) {
            if (isPrompt(partial)) {
                partial.setLength(0);
                return;
            }
            for (String line : lines) {
                if (isFinal(line)) {
                    throw ModemException.refused(command, line);
                }
            }
            lines.clear();
            if (!readSome(lines, deadline)) {
                throw ModemException.silent(command, timeout);
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
        List<String> lines = new ArrayList<>();
        int checked = 0;
        while (true) {
            for (; checked < lines.size(); checked++) {
                String line = lines.get(checked);
                if (line.equals("OK")) {
                    return lines.subList(0, checked);
                }
                if (isFinal(line)) {
                    throw ModemException.refused(step, line);
                }
            }
            if (!readSome(lines, deadline)) {
                throw ModemException.silent(step, timeout);
            }
        }
    }

    /** Reads until at least one byte came, adding complete lines to {@code lines}; false at the deadline. */
    private boolean readSome(List<String> lines, long deadline) throws IOException, InterruptedException {
        while (true) {
            int n = link.read(buf);
            if (n > 0) {
                collect(n, lines);
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(POLL_MS);
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
