package org.onedoor.drivers.idcard;

/** One lane's resident ID-card reader: reports each card placed on it until closed, and its own health. */
public interface IdCardReader extends AutoCloseable {
    /** Starts polling for cards, reporting to {@code listener}; returns at once. */
    void start(IdCardListener listener);

    IdCardHealth health();

    /** Whether the polling thread runs: false before start, after close, and after it died of a JVM fault. */
    boolean readerAlive();

    /** Stops polling and releases the port; idempotent. */
    @Override
    void close();
}
