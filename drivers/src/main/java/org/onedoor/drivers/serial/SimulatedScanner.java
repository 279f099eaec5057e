package org.onedoor.drivers.serial;

import java.util.concurrent.atomic.AtomicLong;

import org.tinylog.Logger;

/** A scanner without a port, for the demo and tests: frames are injected by the caller. */
public final class SimulatedScanner implements Scanner {
    private final String laneName;
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile ScanListener listener;
    private volatile long lastFrameEpochMs;
    private volatile boolean up;
    private volatile String detail = "not started";
    private volatile boolean closed;

    public SimulatedScanner(String laneName) {
        this.laneName = laneName;
    }

    @Override
    public synchronized void start(ScanListener listener) {
        if (this.listener != null) {
            throw new IllegalStateException("scanner " + laneName + " already started");
        }
        this.listener = listener;
        up = true;
        detail = "simulated";
        notifyAvailability();
    }

    /** Delivers {@code frame} to the listener on the caller's thread, as if it had just been scanned. */
    public void inject(byte[] frame) {
        ScanListener target = requireUp();
        long endNanos = System.nanoTime();
        frames.incrementAndGet();
        lastFrameEpochMs = System.currentTimeMillis();
        try {
            target.onFrame(frame.clone(), endNanos);
        } catch (Throwable e) {
            if (FatalErrors.jvmWide(e)) {
                throw e;
            }
            errors.incrementAndGet();
            Logger.error(e, "Scanner {}: listener failed on a frame of {} bytes", laneName, frame.length);
        }
    }

    /** Simulates the port being lost ({@code false}) or coming back; reported like a real scanner does. */
    public synchronized void setAvailability(boolean nowUp, String why) {
        if (listener == null) {
            throw new IllegalStateException("scanner " + laneName + " not started");
        }
        boolean changed = up != nowUp;
        up = nowUp;
        detail = why;
        if (changed) {
            notifyAvailability();
        }
    }

    @Override
    public ScannerHealth health() {
        return new ScannerHealth(up, lastFrameEpochMs, frames.get(), errors.get(), 0, 0, detail);
    }

    /** Frames arrive on the caller's thread: the reader is alive while the scanner is started and open. */
    @Override
    public boolean readerAlive() {
        return listener != null && !closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
        up = false;
        detail = "closed";
    }

    private void notifyAvailability() {
        try {
            listener.onAvailability(up, detail);
        } catch (RuntimeException e) {
            errors.incrementAndGet();
            Logger.error(e, "Scanner {}: listener failed on availability change", laneName);
        }
    }

    private ScanListener requireUp() {
        ScanListener target = listener;
        if (target == null || !up) {
            throw new IllegalStateException("scanner " + laneName + " is not up");
        }
        return target;
    }
}
