package org.onedoor.terminal.sms;

/**
 * The notifier at a glance, for the heartbeat.
 *
 * @param modem       {@code unknown} before the first message, then {@code ok} or {@code failing}: how the last
 *                    attempt went
 * @param sent        messages sent since start
 * @param failed      messages given up or not queued
 * @param suppressed  messages held back by the rate limit
 * @param queued      alerts waiting for the modem
 * @param lastFailure the reason of the last failed attempt; null when none
 */
public record SmsHealth(String modem, long sent, long failed, long suppressed, int queued, String lastFailure) {
}
