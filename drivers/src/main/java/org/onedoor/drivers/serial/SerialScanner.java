package org.onedoor.drivers.serial;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.onedoor.drivers.logging.RepeatLimiter;
import org.onedoor.drivers.retry.Backoff;
import org.tinylog.Logger;

/**
 * A scanner on a serial port, read by one daemon thread ({@code scanner-<lane>}) that waits for the
 * port, runs the module's {@link ScannerProfile} start-up, cuts frames and survives unplugging: a
 * lost or unopenable port is reported down, then reopened by path with exponential backoff capped
 * at {@link #MAX_RETRY_MS}. A hung-up port wakes the wait and fails the next read with an I/O error,
 * which ends the session; the loop never spins on a dead descriptor.
 *
 * <p>Between reads the thread sleeps in the kernel on the port ({@link SerialLink#awaitInput(long)}), so the
 * first byte of a scan is noticed as soon as it arrives and an idle port costs no CPU. The wait ends
 * early for what the thread must do at a time of its own: a framer's silence deadline ({@link
 * ScanFramer#idleDueInNanos(long)}), a module start-up retry, a refusal signal or {@link #close()}
 * (both wake it). It ends at the latest after {@link #MAX_WAIT_MS}, when the port is read once anyway:
 * a port that fails without telling the wait is still found out.
 */
public final class SerialScanner implements Scanner {
    static final long MAX_WAIT_MS = 1000;
    private static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MS);
    static final long FIRST_RETRY_MS = 100;
    static final long MAX_RETRY_MS = 2000;
    private static final long JOIN_TIMEOUT_MS = 2000;
    private static final int READ_CHUNK_BYTES = 4096;

    private final String laneName;
    private final String portPath;
    private final int baud;
    private final ScanFramer framer;
    private final ScannerProfile profile;
    private final SerialPortOpener opener;

    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong oversize = new AtomicLong();
    private final AtomicLong noise = new AtomicLong();
    private final AtomicBoolean refusalRequested = new AtomicBoolean();
    /** A scanner spewing garbage or a listener failing on every frame logs once a minute, not per frame. */
    private final RepeatLimiter repeats = new RepeatLimiter();
    private volatile long lastFrameEpochMs;
    private final Availability availability;
    private volatile Thread reader;
    /** The port the reader has open, to be woken by {@link #close()} and {@link #signalRefusal()}; null between. */
    private volatile SerialLink openLink;
    private ScanListener listener;

    public SerialScanner(String laneName, String portPath, int baud, ScanFramer framer, ScannerProfile profile,
                         SerialPortOpener opener) {
        this.laneName = laneName;
        this.portPath = portPath;
        this.baud = baud;
        this.framer = framer;
        this.profile = profile;
        this.opener = opener;
        this.availability = new Availability("Scanner " + laneName, (nowUp, why) -> listener.onAvailability(nowUp, why), errors);
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
    public boolean readerAlive() {
        Thread thread = reader;
        return thread != null && thread.isAlive();
    }

    @Override
    public ScannerHealth health() {
        return new ScannerHealth(availability.up(), lastFrameEpochMs, frames.get(), errors.get(), oversize.get(),
                noise.get(), availability.detail());
    }

    /** The reader sends the signal between reads, so commands never interleave on the line. */
    @Override
    public void signalRefusal() {
        refusalRequested.set(true);
        wakeReader();
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
        wakeReader();
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

    private void wakeReader() {
        SerialLink link = openLink;
        if (link != null) {
            link.wakeUp();
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
        } catch (Throwable e) {
            readerDied(e);
            return;
        }
        availability.closed();
    }

    /**
     * Only a fault of the whole JVM gets here (a frame's own failures end with the frame), or a defect
     * in this class. The lane is told it is down, so its amber blinks and the county hears of it, and
     * {@link #readerAlive()} turns false, so the watchdog stops pinging and systemd restarts the service.
     */
    private void readerDied(Throwable e) {
        errors.incrementAndGet();
        Logger.error(e, "Scanner {}: reader thread stopped; the lane reads nothing until the service restarts",
                laneName);
        availability.mark(false, "reader stopped: " + e.getClass().getSimpleName());
    }

    private SerialLink openWithBackoff() throws InterruptedException {
        Backoff backoff = retryBackoff();
        while (true) {
            checkStillOpen();
            try {
                return opener.open(portPath, baud);
            } catch (IOException | RuntimeException e) {
                availability.mark(false, Availability.describe(e, portPath));
            }
            Thread.sleep(backoff.next().toMillis());
        }
    }

    /** Reads until the port is lost or the scanner closed; always closes the link. */
    private void runSession(SerialLink link) throws InterruptedException {
        openLink = link;
        try {
            pump(new Session(link));
        } catch (IOException | RuntimeException e) {
            errors.incrementAndGet();
            availability.mark(false, Availability.describe(e, portPath));
        } finally {
            openLink = null;
            link.close();
            framer.reset();
        }
    }

    /**
     * Frames flow whether or not the module took its start-up sequence: a module that does not
     * answer commands may still be streaming codes in the mode it was left in. It is reported down
     * all the same, and the sequence is retried with the same backoff as a lost port.
     */
    private void pump(Session session) throws IOException, InterruptedException {
        refusalRequested.set(false);
        boolean ready = startModule(session);
        Backoff backoff = retryBackoff();
        long nextStartNanos = System.nanoTime() + backoff.next().toNanos();
        while (true) {
            checkStillOpen();
            if (!ready && System.nanoTime() - nextStartNanos >= 0) {
                ready = startModule(session);
                nextStartNanos = System.nanoTime() + backoff.next().toNanos();
            }
            if (refusalRequested.getAndSet(false) && ready) {
                signalRefusal(session);
            }
            if (!session.readOnce()) {
                long now = System.nanoTime();
                long wait = Math.min(MAX_WAIT_NANOS, framer.idleDueInNanos(now));
                if (!ready) {
                    wait = Math.min(wait, nextStartNanos - now);
                }
                session.link.awaitInput(wait);
            }
        }
    }

    private boolean startModule(Session session) throws IOException, InterruptedException {
        try {
            profile.start(session);
            availability.mark(true, "open " + portPath);
            return true;
        } catch (ModuleException e) {
            errors.incrementAndGet();
            availability.mark(false, e.getMessage());
            return false;
        }
    }

    private void signalRefusal(Session session) throws IOException, InterruptedException {
        try {
            profile.signalRefusal(session);
        } catch (ModuleException e) {
            errors.incrementAndGet();
            Logger.warn("Scanner {}: refusal signal failed: {}", laneName, e.getMessage());
        }
    }

    private static Backoff retryBackoff() {
        return Backoff.withJitter(Duration.ofMillis(FIRST_RETRY_MS), Duration.ofMillis(MAX_RETRY_MS));
    }

    private void checkStillOpen() throws InterruptedException {
        if (closed.get() || Thread.currentThread().isInterrupted()) {
            throw new InterruptedException();
        }
    }

    /** One open port: reads and frames its bytes, and carries the profile's command exchanges. */
    private final class Session implements CommandChannel {
        /** Bytes kept while waiting for a reply; a reply is a few bytes, the rest is scans. */
        private static final int MAX_PENDING_BYTES = 4096;

        private final SerialLink link;
        private final byte[] buf = new byte[READ_CHUNK_BYTES];
        private final FrameSink sink = new ListenerSink();

        Session(SerialLink link) {
            this.link = link;
        }

        /** Frames what is waiting; false when nothing was. */
        boolean readOnce() throws IOException {
            int n = link.read(buf);
            long now = System.nanoTime();
            if (n > 0) {
                framer.feed(buf, 0, n, now, sink);
                return true;
            }
            framer.idle(now, sink);
            return false;
        }

        @Override
        public Optional<byte[]> exchange(byte[] command, ReplyFormat format, Duration timeout)
                throws IOException, InterruptedException {
            link.write(command);
            byte[] pending = new byte[MAX_PENDING_BYTES];
            int length = 0;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() - deadline < 0) {
                checkStillOpen();
                int n = link.read(buf);
                if (n == 0) {
                    link.awaitInput(deadline - System.nanoTime());
                    continue;
                }
                if (length + n > pending.length) {
                    release(pending, 0, length);
                    length = 0;
                }
                System.arraycopy(buf, 0, pending, length, n);
                length += n;
                Optional<byte[]> reply = takeReply(pending, length, format);
                if (reply.isPresent()) {
                    return reply;
                }
            }
            release(pending, 0, length);
            return Optional.empty();
        }

        /** The first complete reply in {@code pending}; the bytes around it go on to the framer. */
        private Optional<byte[]> takeReply(byte[] pending, int length, ReplyFormat format) {
            for (int start = 0; start < length; start++) {
                int end = format.end(pending, start, length);
                if (end > 0) {
                    release(pending, 0, start);
                    release(pending, end, length - end);
                    return Optional.of(Arrays.copyOfRange(pending, start, end));
                }
            }
            return Optional.empty();
        }

        private void release(byte[] bytes, int off, int len) {
            if (len > 0) {
                framer.feed(bytes, off, len, System.nanoTime(), sink);
            }
        }
    }

    /**
     * Counts and forwards frames; a listener's failure is counted, never fatal to the reader unless it
     * is a fault of the whole JVM ({@link FatalErrors}).
     */
    private final class ListenerSink implements FrameSink {
        @Override
        public void onFrame(byte[] frame, long endNanos) {
            frames.incrementAndGet();
            lastFrameEpochMs = System.currentTimeMillis();
            try {
                listener.onFrame(frame, endNanos);
            } catch (Throwable e) {
                if (FatalErrors.jvmWide(e)) {
                    throw e;
                }
                errors.incrementAndGet();
                repeats.admit("listener").ifPresent(held -> Logger.error(e,
                        "Scanner {}: listener failed on a frame of {} bytes{}", laneName, frame.length, held));
            }
        }

        @Override
        public void onOversize(long discardedBytes) {
            oversize.incrementAndGet();
            repeats.admit("oversize").ifPresent(held -> Logger.warn(
                    "Scanner {}: dropped an oversize frame of {} bytes{}", laneName, discardedBytes, held));
        }

        @Override
        public void onNoise(long discardedBytes) {
            noise.addAndGet(discardedBytes);
            Logger.debug("Scanner {}: dropped {} stray bytes", laneName, discardedBytes);
        }
    }
}
