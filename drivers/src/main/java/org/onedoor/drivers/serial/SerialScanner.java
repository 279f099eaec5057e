package org.onedoor.drivers.serial;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.tinylog.Logger;

/**
 * A scanner on a serial port, read by one daemon thread ({@code scanner-<lane>}) that polls the
 * port, cuts frames and survives unplugging: a lost or unopenable port is reported down, then
 * reopened by path with exponential backoff.
 *
 * <p>Why polling: JSSC's waiting reads spin a core and its event listener polls anyway, while the
 * kernel buffers incoming bytes for us. Sleeping between polls therefore loses no data; it only
 * delays noticing the first byte of a scan by up to {@link #IDLE_POLL_MS}. Once bytes flow, the
 * loop polls every {@link #ACTIVE_POLL_MS}, so a frame's end — what latency is measured from — is
 * seen within about a millisecond. At 9600 baud a code takes tens of milliseconds to arrive, so the
 * idle delay is hidden inside the transmission of the frame itself.
 */
public final class SerialScanner implements Scanner {
    static final long ACTIVE_POLL_MS = 1;
    static final long IDLE_POLL_MS = 20;
    /** How long after the last byte the loop keeps polling fast. */
    static final long ACTIVE_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    static final long FIRST_RETRY_MS = 100;
    static final long MAX_RETRY_MS = 2000;
    private static final long JOIN_TIMEOUT_MS = 2000;
    private static final int READ_CHUNK_BYTES = 4096;

    private final String laneName;
    private final String portPath;
    private final int baud;
    private final ScanFramer framer;
    private final SerialPortOpener opener;

    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong oversize = new AtomicLong();
    private volatile long lastFrameEpochMs;
    private volatile boolean up;
    private volatile String detail = "not started";
    /** The availability last reported to the listener; null before the first report. */
    private Boolean reportedUp;
    private volatile Thread reader;
    private ScanListener listener;

    public SerialScanner(String laneName, String portPath, int baud, ScanFramer framer, SerialPortOpener opener) {
        this.laneName = laneName;
        this.portPath = portPath;
        this.baud = baud;
        this.framer = framer;
        this.opener = opener;
    }

    @Override
    public void start(ScanListener listener) {
        if (closed.get()) {
            throw new IllegalStateException("scanner " + laneName + " is closed");
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("scanner " + laneName + " already started");
        }
        this.listener = listener;
        Thread thread = new Thread(this::run, "scanner-" + laneName);
        thread.setDaemon(true);
        reader = thread;
        thread.start();
    }

    @Override
    public ScannerHealth health() {
        return new ScannerHealth(up, lastFrameEpochMs, frames.get(), errors.get(), oversize.get(), 0, detail);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Thread thread = reader;
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(JOIN_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            Logger.warn("Scanner {}: reader did not stop within {} ms; it closes the port when it does",
                    laneName, JOIN_TIMEOUT_MS);
        }
    }

    private void run() {
        try {
            while (!closed.get()) {
                SerialLink link = openWithBackoff();
                runSession(link);
            }
        } catch (InterruptedException e) {
            Logger.debug("Scanner {}: reader interrupted", laneName);
        }
        up = false;
        detail = "closed";
    }

    private SerialLink openWithBackoff() throws InterruptedException {
        long delayMs = FIRST_RETRY_MS;
        while (true) {
            checkStillOpen();
            try {
                SerialLink link = opener.open(portPath, baud);
                markAvailability(true, "open " + portPath);
                return link;
            } catch (IOException | RuntimeException e) {
                markAvailability(false, describe(e));
            }
            Thread.sleep(delayMs);
            delayMs = Math.min(delayMs * 2, MAX_RETRY_MS);
        }
    }

    /** Reads until the port is lost or the scanner closed; always closes the link. */
    private void runSession(SerialLink link) throws InterruptedException {
        try {
            pump(link);
        } catch (IOException | RuntimeException e) {
            errors.incrementAndGet();
            markAvailability(false, describe(e));
        } finally {
            link.close();
            framer.reset();
        }
    }

    private void pump(SerialLink link) throws IOException, InterruptedException {
        byte[] buf = new byte[READ_CHUNK_BYTES];
        FrameSink sink = new ListenerSink();
        long lastDataNanos = System.nanoTime() - ACTIVE_WINDOW_NANOS;
        while (true) {
            checkStillOpen();
            int n = link.read(buf);
            long now = System.nanoTime();
            if (n > 0) {
                lastDataNanos = now;
                framer.feed(buf, 0, n, now, sink);
            } else {
                framer.idle(now, sink);
                Thread.sleep(now - lastDataNanos < ACTIVE_WINDOW_NANOS ? ACTIVE_POLL_MS : IDLE_POLL_MS);
            }
        }
    }

    private void checkStillOpen() throws InterruptedException {
        if (closed.get() || Thread.currentThread().isInterrupted()) {
            throw new InterruptedException();
        }
    }

    private void markAvailability(boolean nowUp, String why) {
        up = nowUp;
        detail = why;
        if (reportedUp != null && reportedUp == nowUp) {
            return;
        }
        reportedUp = nowUp;
        if (nowUp) {
            Logger.info("Scanner {}: up ({})", laneName, why);
        } else {
            Logger.warn("Scanner {}: down ({})", laneName, why);
        }
        try {
            listener.onAvailability(nowUp, why);
        } catch (RuntimeException e) {
            errors.incrementAndGet();
            Logger.error(e, "Scanner {}: listener failed on availability change", laneName);
        }
    }

    private String describe(Exception e) {
        String message = e.getMessage();
        return message != null ? message : e.getClass().getSimpleName() + " on " + portPath;
    }

    /** Counts and forwards frames; a listener's failure is counted, never fatal to the reader. */
    private final class ListenerSink implements FrameSink {
        @Override
        public void onFrame(byte[] frame, long endNanos) {
            frames.incrementAndGet();
            lastFrameEpochMs = System.currentTimeMillis();
            try {
                listener.onFrame(frame, endNanos);
            } catch (RuntimeException e) {
                errors.incrementAndGet();
                Logger.error(e, "Scanner {}: listener failed on a frame of {} bytes", laneName, frame.length);
            }
        }

        @Override
        public void onOversize(long discardedBytes) {
            oversize.incrementAndGet();
            Logger.warn("Scanner {}: dropped an oversize frame of {} bytes", laneName, discardedBytes);
        }
    }
}
