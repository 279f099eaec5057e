package org.onedoor.drivers.idcard;

/**
 * What an {@link IdCardReader} reports, on its own thread. Must not throw; the reader survives one that does,
 * except for a fault of the whole JVM.
 */
public interface IdCardListener {
    /**
     * A card was placed and read: once per placement.
     *
     * @param detectedNanos {@link System#nanoTime()} when the module first answered that the card was there
     */
    void onCard(CardRead card, long detectedNanos);

    /** The reader went down (port lost, module not answering) or came back up. */
    default void onReaderAvailability(boolean up, String detail) {
    }
}
