package org.onedoor.drivers.idcard;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.onedoor.drivers.logging.RepeatLimiter;
import org.onedoor.drivers.retry.Backoff;
import org.onedoor.drivers.serial.Availability;
import org.onedoor.drivers.serial.CommandChannel.ReplyFormat;
import org.onedoor.drivers.serial.FatalErrors;
import org.onedoor.drivers.serial.SerialLink;
import org.onedoor.drivers.serial.SerialPortOpener;
import org.tinylog.Logger;

/**
 * An ID-card module on a serial port, polled by one daemon thread ({@code idcard-<lane>}): every
 * {@code pollMs} it asks the module to find a card; on the first "found" after a "no card" it selects and
 * reads the card once, takes the ID number and validity end ({@link CardText}), clears every buffer that held
 * the card's text, and tells the listener. A card left on the reader answers "found" at every poll and is
 * not read again; a failed read is retried at the next poll while the card stays.
 *
 * <p>The port is read the same way as the scanners' ({@link SerialLink}, polled without blocking), and a
 * lost or unopenable port is reopened by path with the same capped backoff. A module that stops answering
 * while its port stays open is reported down after {@link #SILENT_POLLS_DOWN} unanswered polls, up again at
 * its first answer.
 */
public final class SerialIdCardReader implements IdCardReader {
    static final int SILENT_POLLS_DOWN = 3;
    static final Duration SHORT_TIMEOUT = Duration.ofMillis(500);
    /** Text and photo take 0.5–1 s on real modules, and 113 ms on the wire at 115200. */
    static final Duration READ_TIMEOUT = Duration.ofMillis(2500);
    private static final long WAIT_POLL_MS = 1;
    private static final long FIRST_RETRY_MS = 100;
    private static final long MAX_RETRY_MS = 2000;
    private static final long JOIN_TIMEOUT_MS = 3000;
    private static final int CHUNK_BYTES = 4096;

    private final String laneName;
    private final String portPath;
    private final int baud;
    private final long pollMs;
    private final SerialPortOpener opener;

    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong cards = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final RepeatLimiter repeats = new RepeatLimiter();
    private final Availability availability;
    private volatile Thread thread;
    private IdCardListener listener;

    public SerialIdCardReader(String laneName, String portPath, int baud, long pollMs, SerialPortOpener opener) {
        this.laneName = laneName;
        this.portPath = portPath;
        this.baud = baud;
        this.pollMs = pollMs;
        this.opener = opener;
        this.availability = new Availability("ID-card reader " + laneName, (nowUp, why) -> listener.onReaderAvailability(nowUp, why), errors);
    }

    @Override
    public void start(IdCardListener listener) {
        if (closed.get()) {
            throw new IllegalStateException("ID-card reader " + laneName + " is closed");
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("ID-card reader " + laneName + " already started");
        }
        this.listener = listener;
        Thread reader = new Thread(this::run, "idcard-" + laneName);
        reader.setDaemon(true);
        thread = reader;
        reader.start();
    }

    @Override
    public IdCardHealth health() {
        return new IdCardHealth(availability.up(), cards.get(), failures.get(), errors.get(), availability.detail());
    }

    @Override
    public boolean readerAlive() {
        Thread reader = thread;
        return reader != null && reader.isAlive();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Thread reader = thread;
        if (reader == null) {
            return;
        }
        reader.interrupt();
        try {
            reader.join(JOIN_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (!closed.get()) {
                SerialLink link = openWithBackoff();
                try (Session session = new Session(link)) {
                    session.poll();
                } catch (IOException e) {
                    errors.incrementAndGet();
                    availability.mark(false, Availability.describe(e, portPath));
                }
            }
        } catch (InterruptedException e) {
            Logger.debug("ID-card reader {}: interrupted", laneName);
        } catch (Throwable e) {
            errors.incrementAndGet();
            Logger.error(e, "ID-card reader {}: thread stopped; no card is read until the service restarts", laneName);
            availability.mark(false, "reader stopped: " + e.getClass().getSimpleName());
            return;
        }
        availability.closed();
    }

    private SerialLink openWithBackoff() throws InterruptedException {
        Backoff backoff = Backoff.withJitter(Duration.ofMillis(FIRST_RETRY_MS), Duration.ofMillis(MAX_RETRY_MS));
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

    private void checkStillOpen() throws InterruptedException {
        if (closed.get() || Thread.currentThread().isInterrupted()) {
            throw new InterruptedException();
        }
    }

    /** One open port: the poll loop and its exchanges. Closing it clears what it read and closes the link. */
    private final class Session implements AutoCloseable {
        private final SerialLink link;
        private final byte[] chunk = new byte[CHUNK_BYTES];
        /** Received bytes of the answer awaited; a read answer is about 1.3 KB, so this fits any with room. */
        private final byte[] pending = new byte[SamFrames.HEADER + SamFrames.MAX_LENGTH];
        private int length;
        private int silentPolls;
        /** The card on the reader has been read (or none is there): "found" means nothing new. */
        private boolean placementDone;

        Session(SerialLink link) {
            this.link = link;
        }

        void poll() throws IOException, InterruptedException {
            while (true) {
                checkStillOpen();
                long sent = System.nanoTime();
                Optional<SamResponse> found = exchange(SamFrames.FIND, SHORT_TIMEOUT);
                if (found.isEmpty()) {
                    if (++silentPolls >= SILENT_POLLS_DOWN) {
                        availability.mark(false, "ID-card module on " + portPath + " not answering");
                    }
                } else {
                    silentPolls = 0;
                    availability.mark(true, "open " + portPath);
                    onFindAnswer(found.get().sw3(), sent);
                }
                Thread.sleep(pollMs);
            }
        }

        private void onFindAnswer(int status, long sentNanos) throws IOException, InterruptedException {
            if (status == SamResponse.NO_CARD) {
                placementDone = false;
            } else if (status == SamResponse.CARD_FOUND && !placementDone) {
                placementDone = readCard(sentNanos);
            } else if (status != SamResponse.CARD_FOUND) {
                fail("find answered status " + hex(status));
            }
        }

        /** Selects and reads the card; true when it was read and delivered. */
        private boolean readCard(long detectedNanos) throws IOException, InterruptedException {
            Optional<SamResponse> selected = exchange(SamFrames.SELECT, SHORT_TIMEOUT);
            if (selected.isEmpty() || selected.get().sw3() != SamResponse.SUCCESS) {
                fail(selected.map(s -> "select answered status " + hex(s.sw3())).orElse("select not answered"));
                return false;
            }
            Optional<SamResponse> read = exchange(SamFrames.READ, READ_TIMEOUT);
            if (read.isEmpty()) {
                fail("read not answered");
                return false;
            }
            byte[] data = read.get().data();
            CardRead card;
            try {
                if (read.get().sw3() != SamResponse.SUCCESS) {
                    fail("read answered status " + hex(read.get().sw3()));
                    return false;
                }
                card = CardText.extract(data);
            } catch (BadFrameException e) {
                fail(e.getMessage());
                return false;
            } finally {
                Arrays.fill(data, (byte) 0);
            }
            deliver(card, detectedNanos);
            return true;
        }

        private void deliver(CardRead card, long detectedNanos) {
            cards.incrementAndGet();
            try {
                listener.onCard(card, detectedNanos);
            } catch (Throwable e) {
                if (FatalErrors.jvmWide(e)) {
                    throw e;
                }
                errors.incrementAndGet();
                repeats.admit("listener").ifPresent(held -> Logger.error("ID-card reader {}: listener failed: {}{}",
                        laneName, e.getClass().getName(), held));
            }
        }

        private void fail(String why) {
            failures.incrementAndGet();
            repeats.admit(why).ifPresent(held -> Logger.warn("ID-card reader {}: {}{}", laneName, why, held));
        }

        /**
         * Writes {@code command} and waits for one whole answer with a good check. Bytes before an answer's
         * preamble are dropped; a frame that fails its check is an answer that did not come.
         */
        private Optional<SamResponse> exchange(byte[] command, Duration timeout)
                throws IOException, InterruptedException {
            discardStale();
            link.write(command);
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                while (System.nanoTime() - deadline < 0) {
                    checkStillOpen();
                    int n = link.read(chunk);
                    if (n == 0) {
                        Thread.sleep(WAIT_POLL_MS);
                        continue;
                    }
                    append(n);
                    Optional<byte[]> frame = takeFrame();
                    if (frame.isPresent()) {
                        return parse(frame.get());
                    }
                }
                return Optional.empty();
            } finally {
                clear();
            }
        }

        private Optional<SamResponse> parse(byte[] frame) {
            try {
                return Optional.of(SamFrames.parse(frame));
            } catch (BadFrameException e) {
                fail(e.getMessage());
                return Optional.empty();
            } finally {
                Arrays.fill(frame, (byte) 0);
            }
        }

        /** A late answer to an earlier command must not be taken for the next one's. */
        private void discardStale() throws IOException {
            while (link.read(chunk) > 0) {
                Arrays.fill(chunk, (byte) 0);
            }
        }

        private void append(int n) {
            int room = pending.length - length;
            if (n > room) {
                // More than any answer: what is held cannot be one, so it goes.
                Arrays.fill(pending, (byte) 0);
                length = 0;
                n = Math.min(n, pending.length);
            }
            System.arraycopy(chunk, 0, pending, length, n);
            Arrays.fill(chunk, 0, n, (byte) 0);
            length += n;
        }

        /** The first whole frame in what was received, dropping bytes that cannot start one. */
        private Optional<byte[]> takeFrame() {
            for (int start = 0; start < length; start++) {
                int end = SamFrames.end(pending, start, length);
                if (end > 0) {
                    return Optional.of(Arrays.copyOfRange(pending, start, end));
                }
                if (end == ReplyFormat.INCOMPLETE) {
                    return Optional.empty();
                }
            }
            return Optional.empty();
        }

        private void clear() {
            Arrays.fill(pending, (byte) 0);
            Arrays.fill(chunk, (byte) 0);
            length = 0;
        }

        @Override
        public void close() {
            clear();
            link.close();
        }
    }

    private static String hex(int status) {
        return String.format("%02X", status);
    }
}
