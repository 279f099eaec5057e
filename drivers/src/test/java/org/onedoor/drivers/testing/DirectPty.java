package org.onedoor.drivers.testing;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One pseudo-terminal, its master held by the test: what {@link #write(byte[])} sends reaches the code that opened
 * {@link #devicePath()} in one hop through the kernel, as a USB scanner's bytes do, without {@link PtyPair}'s socat
 * in between. socat's relay costs little at the median but reached about 3 ms at the 90th percentile on the 2-core
 * test machine (a bare pty: 0.25 ms at the 99th), so a latency benchmark measured socat's scheduling more than the
 * reader's. No unplugging: the replug tests keep {@link PtyPair}.
 *
 * <p>The slave side is opened here too, set raw (no echo, no CR to NL), and kept open until {@link #close()}: the
 * settings hold whoever opens the device next, and the master never sees a hang-up between two openers.
 */
public final class DirectPty implements ScannerFeed {
    private static final int O_RDWR = 0x2;
    private static final int O_NOCTTY = 0x100;
    private static final int TCSANOW = 0;
    /** Larger than {@code struct termios} on every Linux architecture (60 bytes with glibc). */
    private static final int TERMIOS_BYTES = 128;
    private static final int PTS_NAME_BYTES = 64;

    interface Libc extends Library {
        Libc INSTANCE = Native.load("c", Libc.class);

        int posix_openpt(int flags) throws LastErrorException;

        int grantpt(int fd) throws LastErrorException;

        int unlockpt(int fd) throws LastErrorException;

        int ptsname_r(int fd, byte[] buf, NativeLong len);

        int open(String path, int flags) throws LastErrorException;

        int tcgetattr(int fd, Memory termios) throws LastErrorException;

        void cfmakeraw(Memory termios);

        int tcsetattr(int fd, int when, Memory termios) throws LastErrorException;

        NativeLong write(int fd, byte[] buf, NativeLong count) throws LastErrorException;

        int close(int fd);
    }

    private final Path devicePath;
    private final int master;
    private final int slave;
    private boolean closed;

    private DirectPty(Path devicePath, int master, int slave) {
        this.devicePath = devicePath;
        this.master = master;
        this.slave = slave;
    }

    /** A new pseudo-terminal; {@code dir/scanner} links to its slave, as {@code /dev/serial/by-id/…} would. */
    public static DirectPty open(Path dir) throws IOException {
        Libc libc = Libc.INSTANCE;
        int master = -1;
        int slave = -1;
        try {
            master = libc.posix_openpt(O_RDWR | O_NOCTTY);
            libc.grantpt(master);
            libc.unlockpt(master);
            byte[] name = new byte[PTS_NAME_BYTES];
            if (libc.ptsname_r(master, name, new NativeLong(name.length)) != 0) {
                throw new IOException("ptsname_r failed");
            }
            String slavePath = Native.toString(name);
            slave = libc.open(slavePath, O_RDWR | O_NOCTTY);
            Memory termios = new Memory(TERMIOS_BYTES);
            libc.tcgetattr(slave, termios);
            libc.cfmakeraw(termios);
            libc.tcsetattr(slave, TCSANOW, termios);
            Path link = dir.resolve("scanner");
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, Path.of(slavePath));
            return new DirectPty(link, master, slave);
        } catch (LastErrorException | IOException e) {
            closeQuietly(slave);
            closeQuietly(master);
            throw e instanceof IOException io ? io : new IOException("pseudo-terminal: " + e.getMessage(), e);
        }
    }

    @Override
    public Path devicePath() {
        return devicePath;
    }

    /** All of {@code data}, in one write when the kernel takes it at once. */
    @Override
    public synchronized void write(byte[] data) throws IOException {
        if (closed) {
            throw new IOException("pseudo-terminal closed");
        }
        int done = 0;
        while (done < data.length) {
            byte[] rest = done == 0 ? data : java.util.Arrays.copyOfRange(data, done, data.length);
            try {
                done += Libc.INSTANCE.write(master, rest, new NativeLong(rest.length)).intValue();
            } catch (LastErrorException e) {
                throw new IOException("pseudo-terminal write: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(slave);
        closeQuietly(master);
        Files.deleteIfExists(devicePath);
    }

    private static void closeQuietly(int fd) {
        if (fd >= 0) {
            Libc.INSTANCE.close(fd);
        }
    }
}
