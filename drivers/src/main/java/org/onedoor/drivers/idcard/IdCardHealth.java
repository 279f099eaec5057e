package org.onedoor.drivers.idcard;

/**
 * A snapshot of one ID-card reader's health.
 *
 * @param up       the port is open and the module answers
 * @param cards    placements read and delivered
 * @param failures reads that failed (select or read refused, no answer, a bad frame), each retried
 * @param errors   ports lost, listener failures
 * @param detail   why it is up or down: the port, or the fault
 */
public record IdCardHealth(boolean up, long cards, long failures, long errors, String detail) {
}
