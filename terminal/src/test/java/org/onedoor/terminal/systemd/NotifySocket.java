package org.onedoor.terminal.systemd;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.onedoor.drivers.testing.Await;

/**
 * The service manager's side: a datagram Unix socket bound through libc, as systemd binds
 * {@code /run/systemd/notify}, collecting every message sent to it.
 */
public final class NotifySocket implements AutoCloseable {
    private static final int MSG_DONTWAIT = 0x40;

    interface BindingLibc extends Library {
        BindingLibc INSTANCE = Native.load("c", BindingLibc.class);

        int socket(int domain, int type, int protocol);

        int bind(int fd, byte[] addr, int addrLen);

        NativeLong recv(int fd, byte[] buf, NativeLong len, int flags);

        int close(int fd);
    }

    private final int fd;
    private final String address;
    private final Path path;
    private final List<String> received = new ArrayList<>();

    private NotifySocket(int fd, String address, Path path) {
        this.fd = fd;
        this.address = address;
        this.path = path;
    }

    /** A socket file in {@code dir}, addressed by its path. */
    public static NotifySocket atPath(Path dir) throws IOException {
        Path path = dir.resolve("notify");
        return bind(path.toString(), path);
    }

    /** A socket in the abstract namespace, addressed as {@code @name}. */
    static NotifySocket abstractNamed(String name) throws IOException {
        return bind("@" + name, null);
    }

    private static NotifySocket bind(String address, Path path) throws IOException {
        int fd = BindingLibc.INSTANCE.socket(UnixDatagram.AF_UNIX, UnixDatagram.SOCK_DGRAM, 0);
        if (fd < 0) {
            throw new IOException("socket failed: errno " + Native.getLastError());
        }
        byte[] addr = UnixDatagram.sockaddr(address);
        if (BindingLibc.INSTANCE.bind(fd, addr, addr.length) != 0) {
            int errno = Native.getLastError();
            BindingLibc.INSTANCE.close(fd);
            throw new IOException("bind " + address + " failed: errno " + errno);
        }
        return new NotifySocket(fd, address, path);
    }

    /** What {@code NOTIFY_SOCKET} holds for a service told to use this socket. */
    public String address() {
        return address;
    }

    /** Waits until at least {@code count} messages have arrived in all; returns them all, in order. */
    public List<String> awaitMessages(int count, Duration timeout) {
        Await.until(count + " notify messages", timeout, () -> drain() >= count);
        return List.copyOf(received);
    }

    /** Everything that has arrived so far, in order. */
    public List<String> messages() {
        drain();
        return List.copyOf(received);
    }

    private int drain() {
        byte[] buf = new byte[4096];
        while (true) {
            long n = BindingLibc.INSTANCE.recv(fd, buf, new NativeLong(buf.length), MSG_DONTWAIT).longValue();
            if (n < 0) {
                return received.size();
            }
            received.add(new String(buf, 0, (int) n, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() throws IOException {
        BindingLibc.INSTANCE.close(fd);
        if (path != null) {
            Files.deleteIfExists(path);
        }
    }
}
