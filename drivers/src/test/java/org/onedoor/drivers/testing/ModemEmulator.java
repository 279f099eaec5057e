package org.onedoor.drivers.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A SIM800/SIM7600-class modem on the feeder side of a {@link PtyPair}, answering as those modems do
 * with their defaults ({@code ATV1}, {@code AT+CMEE} off): echo on until {@code ATE0}, text mode until
 * {@code AT+CMGF=0}, {@code \r\nOK\r\n}, the {@code \r\n> } prompt after {@code AT+CMGS=<n>}, then
 * {@code \r\n+CMGS: <mr>\r\n\r\nOK\r\n} after the PDU and Ctrl-Z (ESC cancels). It records each PDU
 * it accepted, and each submission made in text mode (a driver that forgot {@code AT+CMGF=0}).
 *
 * <p>It can be told to answer submissions with a failure ({@code ERROR}, {@code +CMS ERROR: 500}, …),
 * all of them or only the nth, to stay silent (a modem without power behind a live USB bridge), to
 * forget its settings as after a power cycle, and to say unsolicited things.
 */
public final class ModemEmulator implements AutoCloseable {
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte CTRL_Z = 0x1A;
    private static final byte ESC = 0x1B;
    private static final long POLL_MS = 2;
    /** The longest TPDU an SMS-SUBMIT can be. */
    private static final int MAX_TPDU_OCTETS = 164;

    private final PtyPair pty;
    private final InputStream in;
    private final List<byte[]> pdus = new CopyOnWriteArrayList<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final AtomicInteger submissions = new AtomicInteger();
    private final AtomicInteger textModeSubmissions = new AtomicInteger();
    private final AtomicInteger malformedPdus = new AtomicInteger();
    private final StringBuilder input = new StringBuilder();
    private final byte[] chunk = new byte[1024];
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean silent;
    private volatile String failAll;
    private final Map<Integer, String> failOnly = new ConcurrentHashMap<>();
    private boolean echo = true;
    private boolean pduMode;
    /** The length announced by {@code AT+CMGS}, while the modem waits for the PDU; -1 in command mode. */
    private int awaitedLength = -1;
    private int nextReference;

    private ModemEmulator(PtyPair pty) throws IOException {
        this.pty = pty;
        this.in = pty.feederInput();
        thread = new Thread(this::run, "modem-emulator");
        thread.setDaemon(true);
        thread.start();
    }

    /** Powers the modem up on {@code pty}; start a new one after {@link PtyPair#restart()}. */
    public static ModemEmulator start(PtyPair pty) throws IOException {
        return new ModemEmulator(pty);
    }

    /** Answers everything as a healthy modem does (the default). */
    public void answerNormally() {
        silent = false;
        failAll = null;
        failOnly.clear();
    }

    /** Reads everything and answers nothing, not even an echo. */
    public void staySilent() {
        silent = true;
    }

    /** Answers every PDU with {@code finalResult}, e.g. {@code ERROR} or {@code +CMS ERROR: 500}. */
    public void failSubmissions(String finalResult) {
        failAll = finalResult;
    }

    /**
     * Answers the {@code n}th PDU received since start (counting from 1) with {@code finalResult}; may be
     * called for several {@code n}.
     */
    public void failSubmission(int n, String finalResult) {
        failOnly.put(n, finalResult);
    }

    /** Forgets its settings as after a power cycle: echo on, text mode. */
    public synchronized void reboot() throws IOException {
        echo = true;
        pduMode = false;
        awaitedLength = -1;
        input.setLength(0);
        pty.write("\r\nRDY\r\n\r\n+CPIN: READY\r\n\r\nCall Ready\r\n\r\nSMS Ready\r\n".getBytes(US_ASCII));
    }

    /** Sends an unsolicited result code, e.g. {@code RING} or {@code +CMTI: "SM",3}. */
    public void unsolicited(String line) throws IOException {
        pty.write(("\r\n" + line + "\r\n").getBytes(US_ASCII));
    }

    /** Each PDU accepted and answered with {@code +CMGS}, as received (SMSC field first). */
    public List<byte[]> pdus() {
        return List.copyOf(pdus);
    }

    /** Every command line received, in order. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    /** PDUs received, accepted or failed on purpose. */
    public int submissions() {
        return submissions.get();
    }

    /** Submissions made while in text mode: each would have sent hex digits to a wrong number. */
    public int textModeSubmissions() {
        return textModeSubmissions.get();
    }

    /** PDUs that were not hex or whose TPDU length differed from the announced one. */
    public int malformedPdus() {
        return malformedPdus.get();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (running) {
                int waiting = in.available();
                if (waiting == 0) {
                    Thread.sleep(POLL_MS);
                    continue;
                }
                int n = in.read(chunk, 0, Math.min(waiting, chunk.length));
                if (!silent) {
                    receive(n);
                }
            }
        } catch (IOException | InterruptedException e) {
            // Unplugged, or the test is over: a modem without power says nothing.
        }
    }

    private synchronized void receive(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            byte b = chunk[i];
            if (echo) {
                pty.write(new byte[] {b});
            }
            if (awaitedLength >= 0) {
                pduByte(b);
            } else if (b == CR) {
                String line = input.toString().trim();
                input.setLength(0);
                if (!line.isEmpty()) {
                    commands.add(line);
                    command(line);
                }
            } else if (b != LF) {
                input.append((char) (b & 0xFF));
            }
        }
    }

    private void command(String line) throws IOException {
        String upper = line.toUpperCase(Locale.ROOT);
        switch (upper) {
            case "AT" -> ok();
            case "ATE0", "ATE1" -> {
                echo = upper.endsWith("1");
                ok();
            }
            case "AT+CMGF=0", "AT+CMGF=1" -> {
                pduMode = upper.endsWith("0");
                ok();
            }
            case "AT+CMGF?" -> reply("+CMGF: " + (pduMode ? 0 : 1), "OK");
            default -> {
                if (upper.startsWith("AT+CMGS=")) {
                    startSubmission(line.substring("AT+CMGS=".length()));
                } else {
                    reply("ERROR");
                }
            }
        }
    }

    /** In text mode the argument is the destination, as on the real modem; in PDU mode, a length. */
    private void startSubmission(String argument) throws IOException {
        if (pduMode) {
            int length;
            try {
                length = Integer.parseInt(argument.trim());
            } catch (NumberFormatException e) {
                reply("ERROR");
                return;
            }
            if (length < 1 || length > MAX_TPDU_OCTETS) {
                reply("ERROR");
                return;
            }
            awaitedLength = length;
        } else {
            awaitedLength = 0;
        }
        pty.write("\r\n> ".getBytes(US_ASCII));
    }

    private void pduByte(byte b) throws IOException {
        if (b == ESC) {
            input.setLength(0);
            awaitedLength = -1;
            ok();
        } else if (b == CTRL_Z) {
            String body = input.toString().trim();
            int announced = awaitedLength;
            input.setLength(0);
            awaitedLength = -1;
            submitted(body, announced);
        } else if (b != CR && b != LF) {
            input.append((char) (b & 0xFF));
        }
    }

    private void submitted(String body, int announced) throws IOException {
        if (!pduMode) {
            textModeSubmissions.incrementAndGet();
            reply("+CMGS: " + takeReference(), "OK");
            return;
        }
        byte[] pdu;
        try {
            pdu = HexFormat.of().parseHex(body);
        } catch (IllegalArgumentException e) {
            malformedPdus.incrementAndGet();
            reply("+CMS ERROR: 304");
            return;
        }
        if (pdu.length == 0 || pdu.length - 1 - (pdu[0] & 0xFF) != announced) {
            malformedPdus.incrementAndGet();
            reply("+CMS ERROR: 304");
            return;
        }
        int n = submissions.incrementAndGet();
        String failure = failOnly.getOrDefault(n, failAll);
        if (failure != null) {
            reply(failure);
            return;
        }
        pdus.add(pdu);
        reply("+CMGS: " + takeReference(), "OK");
    }

    private int takeReference() {
        int mr = nextReference;
        nextReference = (nextReference + 1) & 0xFF;
        return mr;
    }

    private void ok() throws IOException {
        reply("OK");
    }

    private void reply(String... lines) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append("\r\n").append(line).append("\r\n");
        }
        pty.write(out.toString().getBytes(US_ASCII));
    }
}
