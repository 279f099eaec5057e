package org.onedoor.terminal.systemd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Sends one datagram to a Unix socket through libc, which the JDK cannot do (its Unix-domain
 * channels are stream-only). A socket is opened per message: the notifier speaks every few seconds
 * at most, and nothing stays open to leak or go stale.
 */
final class UnixDatagram {
    static final int AF_UNIX = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    /** {@code sizeof(sun_path)} on Linux. */
    static final int MAX_PATH_BYTES = 108;

    /** The few libc calls a sender needs; JNA turns a -1 return into a {@link LastErrorException}. */
    interface Libc extends Library {
        Libc INSTANCE = Native.load("c", Libc.class);

        int socket(int domain, int type, int protocol) throws LastErrorException;

        NativeLong sendto(int fd, byte[] buf, NativeLong len, int flags, byte[] addr, int addrLen)
                throws LastErrorException;

        /** A failed close of a datagram socket loses nothing: its result is not checked. */
        int close(int fd);
    }

    private UnixDatagram() {
    }

    /**
     * @param address a socket path ({@code /run/systemd/notify}) or an abstract name written with a
     *                leading {@code @}, as systemd passes it in {@code NOTIFY_SOCKET}
     * @throws IOException when the address is unusable or the kernel refuses the datagram
     */
    static void send(String address, byte[] payload) throws IOException {
        byte[] sockaddr = sockaddr(address);
        int fd;
        try {
            fd = Libc.INSTANCE.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new IOException("socket(AF_UNIX, SOCK_DGRAM): " + e.getMessage(), e);
        }
        try {
            Libc.INSTANCE.sendto(fd, payload, new NativeLong(payload.length), 0, sockaddr, sockaddr.length);
        } catch (LastErrorException e) {
            throw new IOException("sendto " + address + ": " + e.getMessage(), e);
        } finally {
            Libc.INSTANCE.close(fd);
        }
    }

    /**
     * {@code struct sockaddr_un}, cut to the length the kernel is told: family, then the path with
     * its NUL, or for an abstract name a leading NUL and exactly the name's bytes.
     */
    static byte[] sockaddr(String address) throws IOException {
        boolean abstractName = address.startsWith("@");
        if (!abstractName && !address.startsWith("/")) {
            throw new IOException("not a Unix socket address: " + address);
        }
        byte[] name = address.getBytes(StandardCharsets.UTF_8);
        if (abstractName) {
            name[0] = 0;
        }
        int pathBytes = abstractName ? name.length : name.length + 1;
        if (pathBytes > MAX_PATH_BYTES) {
            throw new IOException("Unix socket address longer than " + MAX_PATH_BYTES + " bytes: " + address);
        }
        ByteBuffer addr = ByteBuffer.allocate(2 + pathBytes).order(ByteOrder.nativeOrder());
        addr.putShort((short) AF_UNIX).put(name);
        return addr.array();
    }
}
