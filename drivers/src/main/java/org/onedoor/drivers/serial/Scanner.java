package org.onedoor.drivers.serial;

/** One lane's code scanner: delivers frames until closed, and reports its own health. */
public interface Scanner extends AutoCloseable {
    /** Starts delivering frames to {@code listener}; returns at once. */
    void start(ScanListener listener);

    ScannerHealth health();

    /**
     * Whether the thread that delivers frames is running: false before start, after close, and after
     * it died of a fault of the whole JVM. The systemd watchdog asks it, so a dead reader ends in a
     * restart rather than a lane that looks alive and reads nothing. Answers at once.
     */
    boolean readerAlive();

    /**
     * Asks the module to show, on itself, that the last scan was refused. Returns at once; a
     * scanner that cannot signal ignores it.
     */
    default void signalRefusal() {
    }

    /** Stops delivering and releases the port; idempotent. */
    @Override
    void close();
}
