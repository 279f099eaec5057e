package org.onedoor.drivers.serial;

/** One lane's code scanner: delivers frames until closed, and reports its own health. */
public interface Scanner extends AutoCloseable {
    /** Starts delivering frames to {@code listener}; returns at once. */
    void start(ScanListener listener);

    ScannerHealth health();

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
