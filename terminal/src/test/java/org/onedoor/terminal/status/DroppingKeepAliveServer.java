package org.onedoor.terminal.status;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 server on 127.0.0.1, written on plain sockets, that plays a service closing an idle
 * kept-alive connection at the moment the terminal sends on it: the first request on each connection
 * is answered 404 and the connection kept open; a second request on it is read and the connection
 * closed without an answer.
 */
final class DroppingKeepAliveServer implements AutoCloseable {

    private final ServerSocket listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final Thread acceptor = new Thread(this::acceptLoop, "dropping-keep-alive-server");

    DroppingKeepAliveServer() throws IOException {
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    int connections() {
        return connections.get();
    }

    int requests() {
        return requests.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try (Socket socket = listener.accept()) {
                connections.incrementAndGet();
                serve(socket);
            } catch (IOException e) {
                // the client went away, or the listener closed: next connection, or the loop ends
            }
        }
    }

    private void serve(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        readRequest(in);
        requests.incrementAndGet();
        out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        readRequest(in);
        requests.incrementAndGet();
    }

    /** Reads one request, head and body, and discards it. */
    private static void readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before a whole request");
            }
            head.write(b);
        }
        long length = 0;
        for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring("content-length:".length()).trim());
            }
        }
        in.readNBytes((int) length);
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
