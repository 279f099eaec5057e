package org.onedoor.terminal.mqtt;

/** Messages outside the outbox: retained state, command results, replays (see {@link OutboxPublisher#publishDirect}). */
public interface DirectPublisher {
    /** Publishes nothing: for a terminal that keeps its events for someone else to drain (the demo). */
    DirectPublisher NONE = new DirectPublisher() {
        @Override
        public boolean publishDirect(String topicSuffix, byte[] payload, boolean retained) {
            return false;
        }

        @Override
        public boolean isConnected() {
            return false;
        }
    };

    /** False when there is no connection or the window is full: the caller publishes again later. */
    boolean publishDirect(String topicSuffix, byte[] payload, boolean retained);

    boolean isConnected();
}
