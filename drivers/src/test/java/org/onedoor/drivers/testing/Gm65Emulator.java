package org.onedoor.drivers.testing;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A GM65-family module on the feeder side of a {@link PtyPair}: it reads command frames
 * ({@code 7E 00 type len addr data CRC}), checks the CRC of every one, keeps a register file and
 * answers as the manual does ({@code 02 00 status len data CRC}). It can be told to stay silent or
 * to answer with a corrupt CRC, and it can stream scans like a module in continuous mode.
 */
public final class Gm65Emulator implements AutoCloseable {
    /** How the module answers. */
    public enum Behaviour { ANSWER, SILENT, BAD_CRC }

    private static final int READ = 0x07;
    private static final int WRITE = 0x08;
    private static final int SAVE = 0x09;
    private static final int STATUS_OK = 0x00;
    private static final int STATUS_CRC_ERROR = 0x01;
    private static final int STATUS_INVALID = 0x03;
    private static final long POLL_MS = 2;

    private final PtyPair pty;
    private final InputStream in;
    private final Map<Integer, Integer> registers = new ConcurrentHashMap<>();
    private final List<byte[]> commands = new CopyOnWriteArrayList<>();
    private final AtomicInteger badCrcCommands = new AtomicInteger();
    private final byte[] pending = new byte[4096];
    private int length;
    private volatile Behaviour behaviour = Behaviour.ANSWER;
    private volatile boolean running = true;
    private final Thread thread;

    private Gm65Emulator(PtyPair pty) throws IOException {
        this.pty = pty;
        this.in = pty.feederInput();
        registers.put(0x000A, 0x3E);
        thread = new Thread(this::run, "gm65-emulator");
        thread.setDaemon(true);
        thread.start();
    }

    public static Gm65Emulator start(PtyPair pty) throws IOException {
        return new Gm65Emulator(pty);
    }

    public void behave(Behaviour next) {
        behaviour = next;
    }

    /** A register's value, or -1 if never written. */
    public int register(int address) {
        return registers.getOrDefault(address, -1);
    }

    /** Every command frame received with a valid CRC, in order. */
    public List<byte[]> commands() {
        return List.copyOf(commands);
    }

    public int badCrcCommands() {
        return badCrcCommands.get();
    }

    /** Sends bytes as the module's scan output. */
    public void scan(byte[] output) throws IOException {
        pty.write(output);
    }

    /** The reply the manual gives to one whole command frame; null for none. */
    public static byte[] answer(byte[] command, Map<Integer, Integer> registers) {
        int dataLength = command[3] & 0xFF;
        int crcAt = 6 + dataLength;
        if (crc(command, 2, crcAt) != ((command[crcAt] & 0xFF) << 8 | command[crcAt + 1] & 0xFF)) {
            return reply(STATUS_CRC_ERROR, new byte[] {0});
        }
        int address = (command[4] & 0xFF) << 8 | command[5] & 0xFF;
        return switch (command[2]) {
            case WRITE -> {
                for (int i = 0; i < dataLength; i++) {
                    registers.put(address + i, command[6 + i] & 0xFF);
                }
                yield reply(STATUS_OK, new byte[] {0});
            }
            case READ -> {
                byte[] values = new byte[command[6] & 0xFF];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (byte) (int) registers.getOrDefault(address + i, 0);
                }
                yield reply(STATUS_OK, values);
            }
            case SAVE -> reply(STATUS_OK, new byte[] {0});
            default -> reply(STATUS_INVALID, new byte[] {0});
        };
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
            // The pty was unplugged or the test is over: a module without power says nothing.
        }
    }

    private void handleCommands() throws IOException {
        int start = 0;
        while (true) {
            while (start + 1 < length && !(pending[start] == 0x7E && pending[start + 1] == 0x00)) {
                start++;
            }
            if (start + 6 > length) {
                break;
            }
            int end = start + 6 + (pending[start + 3] & 0xFF) + 2;
            if (end > length) {
                break;
            }
            respond(Arrays.copyOfRange(pending, start, end));
            start = end;
        }
        System.arraycopy(pending, start, pending, 0, length - start);
        length -= start;
    }

    private void respond(byte[] command) throws IOException {
        byte[] reply = answer(command, registers);
        if (reply[2] == STATUS_CRC_ERROR) {
            badCrcCommands.incrementAndGet();
        } else {
            commands.add(command);
        }
        switch (behaviour) {
            case ANSWER -> pty.write(reply);
            case BAD_CRC -> {
                reply[reply.length - 1] ^= 0x5A;
                pty.write(reply);
            }
            case SILENT -> { }
        }
    }

    private static byte[] reply(int status, byte[] data) {
        byte[] reply = new byte[4 + data.length + 2];
        reply[0] = 0x02;
        reply[1] = 0x00;
        reply[2] = (byte) status;
        reply[3] = (byte) data.length;
        System.arraycopy(data, 0, reply, 4, data.length);
        int crc = crc(reply, 2, reply.length - 2);
        reply[reply.length - 2] = (byte) (crc >> 8);
        reply[reply.length - 1] = (byte) crc;
        return reply;
    }

    /** CRC-CCITT (XMODEM) over {@code bytes[from..to)}; written out here so the test does not trust the code under test. */
    private static int crc(byte[] bytes, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= (bytes[i] & 0xFF) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }
        return crc & 0xFFFF;
    }
}
