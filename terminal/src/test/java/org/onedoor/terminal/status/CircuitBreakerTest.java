package org.onedoor.terminal.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.onedoor.drivers.retry.Backoff;

class CircuitBreakerTest {

    private static final Duration FIRST = Duration.ofSeconds(5);
    private static final Duration CAP = Duration.ofSeconds(60);

    private final CircuitBreaker breaker = new CircuitBreaker(3, Backoff.withoutJitter(FIRST, CAP));

    @Test
    void opensAtTheThresholdAndAsksForTheFirstProbe() {
        assertFalse(breaker.recordFault());
        assertFalse(breaker.recordFault());
        assertFalse(breaker.isOpen());
        assertEquals(Optional.empty(), breaker.startProbing(), "closed: nothing to probe");

        assertTrue(breaker.recordFault());
        assertTrue(breaker.isOpen());
        assertFalse(breaker.recordFault(), "already open");
        assertEquals(Optional.of(FIRST), breaker.startProbing());
        assertEquals(Optional.empty(), breaker.startProbing(), "one probe chain at a time");
    }

    @Test
    void anAnswerStartsTheCountAgain() {
        breaker.recordFault();
        breaker.recordFault();
        assertFalse(breaker.recordAlive(), "it was not open");
        breaker.recordFault();
        breaker.recordFault();
        assertFalse(breaker.isOpen());
    }

    @Test
    void probeDelaysDoubleUpToTheCap() {
        openIt();
        assertTrue(breaker.probeDue());
        Duration[] expected = {Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40), CAP, CAP};
        for (Duration delay : expected) {
            assertEquals(Optional.of(delay), breaker.recordProbeFault());
        }
    }

    @Test
    void aLiveProbeClosesAndTheNextOpeningStartsFromTheFirstDelay() {
        openIt();
        breaker.recordProbeFault();
        breaker.recordProbeFault();

        assertTrue(breaker.recordProbeAlive());
        assertFalse(breaker.isOpen());

        assertEquals(Optional.of(FIRST), openIt());
    }

    @Test
    void aProbeDueAfterAnAnswerClosedTheBreakerIsDropped() {
        openIt();
        assertTrue(breaker.recordAlive(), "an answer already under way closes it");

        assertFalse(breaker.probeDue());
        assertEquals(Optional.of(FIRST), openIt(), "the dropped probe no longer counts as pending");
    }

    @Test
    void reopeningWhileAProbeIsPendingLeavesItToThatProbe() {
        openIt();
        breaker.recordAlive();

        assertEquals(Optional.empty(), openIt(), "the pending probe will find the breaker open");
        assertTrue(breaker.probeDue());
    }

    @Test
    void aProbeFaultAfterAnAnswerClosedTheBreakerEndsTheProbes() {
        openIt();
        assertTrue(breaker.probeDue());
        breaker.recordAlive();

        assertEquals(Optional.empty(), breaker.recordProbeFault());
        assertEquals(Optional.of(FIRST), openIt());
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CircuitBreaker(0, Backoff.withoutJitter(FIRST, CAP)));
        assertThrows(IllegalArgumentException.class, () -> new CircuitBreaker(3, Backoff.withoutJitter(Duration.ZERO, CAP)));
        assertThrows(IllegalArgumentException.class, () -> new CircuitBreaker(3, Backoff.withoutJitter(CAP, FIRST)));
    }

    /** Three faults, then what the breaker answers when asked to start probing. */
    private Optional<Duration> openIt() {
        breaker.recordFault();
        breaker.recordFault();
        assertTrue(breaker.recordFault());
        return breaker.startProbing();
    }
}
