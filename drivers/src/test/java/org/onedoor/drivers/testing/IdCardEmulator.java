package org.onedoor.drivers.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A resident ID-card module (SAM) on the feeder side of a {@link PtyPair}: it reads request frames
 * ({@code AA AA AA 96 69 LEN CMD PARA CHK}), checks the length and XOR of every one, and answers find
 * ({@code 20 01}), select ({@code 20 02}) and read ({@code 30 01}) as FIELD-NOTES gives them, from the card
 * placed on it. It writes at the pace of its baud rate (10 bits a byte), so a read answer takes on the pty
 * the 113 ms it takes on a 115200 line. It can be told to answer "no card" to a select, fail reads, send
 * answers with a bad check, or fall silent. Written from the notes, not from the code under test.
 */
public final class IdCardEmulator implements AutoCloseable {
    /** How the module answers. */
    public enum Behaviour { ANSWER, SELECT_FAILS, READ_FAILS, BAD_CHECK, SILENT }

    private static final byte[] PREAMBLE = {(byte) 0xAA, (byte) 0xAA, (byte) 0xAA, (byte) 0x96, 0x69};
    private static final long POLL_MS = 1;
    private static final int PACE_CHUNK = 32;

    /**
     * One card's text fields, as printed on it; {@code validTo} is {@code YYYYMMDD} or {@code 长期}.
     * Encoded as the module sends them: UCS-2 little-endian, each field padded with spaces to its width.
     */
    public record Card(String name, String sex, String nation, String birth, String address, String idNumber,
                       String authority, String validFrom, String validTo) {
        /** A card with made-up fields around {@code idNumber}, valid until {@code validTo}. */
        public static Card of(String idNumber, String validTo) {
            return new Card("张三", "1", "01", idNumber.length() >= 14 ? idNumber.substring(6, 14) : "19900101", "湖南省长沙市望城区某街道某号", idNumber,
                    "长沙市公安局望城分局", "20200101", validTo);
        }

        /** The 256 text bytes. */
        public byte[] text() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            field(out, name, 15);
            field(out, sex, 1);
            field(out, nation, 2);
            field(out, birth, 8);
            field(out, address, 35);
            field(out, idNumber, 18);
            field(out, authority, 15);
            field(out, validFrom, 8);
            field(out, validTo, 8);
            field(out, "", 18);
            return out.toByteArray();
        }

        private static void field(ByteArrayOutputStream out, String value, int chars) {
            String padded = (value + " ".repeat(chars)).substring(0, chars);
            out.writeBytes(padded.getBytes(StandardCharsets.UTF_16LE));
        }
    }

    private final PtyPair pty;
    private final InputStream in;
    private final long nanosPerByte;
    private final byte[] pending = new byte[4096];
    private int length;
    private volatile Card card;
    /** "found" answers left before the card is taken away by itself; negative: it stays. */
    private final AtomicInteger foundLeft = new AtomicInteger(-1);
    private volatile long placedNanos;
    private volatile long readDelayMs;
    private volatile Behaviour behaviour = Behaviour.ANSWER;
    private final AtomicInteger finds = new AtomicInteger();
    private final AtomicInteger foundAnswers = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger badCommands = new AtomicInteger();
    private volatile boolean running = true;
    private final Thread thread;

    private IdCardEmulator(PtyPair pty, int baud) throws IOException {
        this.pty = pty;
        this.in = pty.feederInput();
        this.nanosPerByte = 10_000_000_000L / baud;
        thread = new Thread(this::run, "idcard-emulator");
        thread.setDaemon(true);
        thread.start();
    }

    /** A module talking at {@code baud} (the pty itself has no rate: the emulator keeps it). */
    public static IdCardEmulator start(PtyPair pty, int baud) throws IOException {
        return new IdCardEmulator(pty, baud);
    }

    /** Places a card; it stays until {@link #remove()}. */
    public void place(Card placed) {
        placeFor(placed, -1);
    }

    /**
     * Places a card that stays for {@code polls} "found" answers and is gone at the next find (it stays
     * for the select and read after its last "found"): a placement measured in the reader's own polls, so a test can leave a card as many polls as ten seconds take at the shipped
     * poll interval, at a faster one.
     */
    public void placeFor(Card placed, int polls) {
        foundLeft.set(polls);
        placedNanos = System.nanoTime();
        card = placed;
    }

    public void remove() {
        card = null;
    }

    public boolean cardPresent() {
        return card != null;
    }

    /** {@link System#nanoTime()} of the last placement. */
    public long placedNanos() {
        return placedNanos;
    }

    /** The module's own time to read a card before its answer starts (real modules: 0.5–1 s). */
    public void readDelayMs(long ms) {
        readDelayMs = ms;
    }

    public void behave(Behaviour next) {
        behaviour = next;
    }

    /** Find commands received with a good check. */
    public int finds() {
        return finds.get();
    }

    /** Finds answered "found". */
    public int foundAnswers() {
        return foundAnswers.get();
    }

    /** Read commands received with a good check. */
    public int reads() {
        return reads.get();
    }

    /** Commands whose length or check was wrong. */
    public int badCommands() {
        return badCommands.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(2000);
    }

    private void run() {
        try {
            while (running) {
                int waiting = in.available();
                if (waiting == 0) {
                    Thread.sleep(POLL_MS);
                    continue;
                }
                int n = in.read(pending, length, Math.min(waiting, pending.length - length));
                length += n;
                handleCommands();
            }
        } catch (IOException | InterruptedException e) {
            // Unplugged, or the test is over: a module without a line says nothing.
        }
    }

    private void handleCommands() throws IOException, InterruptedException {
        int start = 0;
        while (true) {
            while (start < length && pending[start] != PREAMBLE[0]) {
                start++;
            }
            if (start + 10 > length) {
                break;
            }
            byte[] command = Arrays.copyOfRange(pending, start, start + 10);
            start += 10;
            if (!Arrays.equals(Arrays.copyOf(command, 5), PREAMBLE) || command[5] != 0 || command[6] != 3
                    || xor(command, 5, 9) != command[9]) {
                badCommands.incrementAndGet();
                start -= 9; // resynchronise on the next byte
                continue;
            }
            respond(command[7] & 0xFF, command[8] & 0xFF);
        }
        System.arraycopy(pending, start, pending, 0, length - start);
        length -= start;
    }

    private void respond(int cmd, int para) throws IOException, InterruptedException {
        Behaviour now = behaviour;
        if (now == Behaviour.SILENT) {
            return;
        }
        byte[] answer;
        if (cmd == 0x20 && para == 0x01) {
            answer = find();
        } else if (cmd == 0x20 && para == 0x02) {
            answer = card == null || now == Behaviour.SELECT_FAILS ? frame(0x81, new byte[0])
                    : frame(0x90, new byte[8]);
        } else if (cmd == 0x30 && para == 0x01) {
            reads.incrementAndGet();
            answer = read(now);
        } else {
            answer = frame(0x21, new byte[0]);
        }
        if (now == Behaviour.BAD_CHECK) {
            answer[answer.length - 1] ^= 0x5A;
        }
        send(answer);
    }

    private byte[] find() {
        finds.incrementAndGet();
        if (foundLeft.get() == 0) {
            card = null; // it lay there for the polls it was placed for
        }
        if (card == null) {
            return frame(0x80, new byte[0]);
        }
        foundAnswers.incrementAndGet();
        foundLeft.updateAndGet(left -> left > 0 ? left - 1 : left);
        return frame(0x9F, new byte[4]);
    }

    private byte[] read(Behaviour now) throws InterruptedException {
        Card present = card;
        if (present == null || now == Behaviour.READ_FAILS) {
            return frame(0x41, new byte[0]);
        }
        Thread.sleep(readDelayMs);
        byte[] text = present.text();
        byte[] photo = new byte[1024];
        Arrays.fill(photo, (byte) 0x5A);
        byte[] data = new byte[4 + text.length + photo.length];
        data[0] = (byte) (text.length >> 8);
        data[1] = (byte) text.length;
        data[2] = (byte) (photo.length >> 8);
        data[3] = (byte) photo.length;
        System.arraycopy(text, 0, data, 4, text.length);
        System.arraycopy(photo, 0, data, 4 + text.length, photo.length);
        return frame(0x90, data);
    }

    /** An answer frame: preamble, LEN, SW1 SW2 SW3, data, XOR check. */
    public static byte[] frame(int sw3, byte[] data) {
        int len = 3 + data.length + 1;
        byte[] frame = new byte[7 + len];
        System.arraycopy(PREAMBLE, 0, frame, 0, 5);
        frame[5] = (byte) (len >> 8);
        frame[6] = (byte) len;
        frame[9] = (byte) sw3;
        System.arraycopy(data, 0, frame, 10, data.length);
        frame[frame.length - 1] = xor(frame, 5, frame.length - 1);
        return frame;
    }

    /** Writes at the line's pace: a chunk, then the time the chunk takes on the wire. */
    private void send(byte[] answer) throws IOException {
        for (int off = 0; off < answer.length; off += PACE_CHUNK) {
            int n = Math.min(PACE_CHUNK, answer.length - off);
            long due = System.nanoTime() + n * nanosPerByte;
            pty.write(Arrays.copyOfRange(answer, off, off + n));
            long left = due - System.nanoTime();
            if (left > 0) {
                LockSupport.parkNanos(left);
            }
        }
    }

    private static byte xor(byte[] bytes, int from, int to) {
        byte check = 0;
        for (int i = from; i < to; i++) {
            check ^= bytes[i];
        }
        return check;
    }
}
