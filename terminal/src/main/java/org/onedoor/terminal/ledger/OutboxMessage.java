package org.onedoor.terminal.ledger;

/**
 * One event to publish.
 *
 * @param topicSuffix the last topic level(s) under the terminal's topic, e.g. {@code entry} or {@code alert}
 * @param payload     UTF-8 JSON, exactly as the county receives it
 */
public record OutboxMessage(long seq, String topicSuffix, byte[] payload) {
}
