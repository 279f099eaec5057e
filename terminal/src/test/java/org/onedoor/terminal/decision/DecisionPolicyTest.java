package org.onedoor.terminal.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.onedoor.terminal.event.AlertType;
import org.onedoor.terminal.status.CachedStatus;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.status.Resolution;
import org.onedoor.terminal.status.Source;

/** Every mode against every kind of resolution, at an entry and an exit lane. */
class DecisionPolicyTest {
    private static final Instant NOW = Instant.parse("2026-11-21T08:00:00Z");
    private final DecisionPolicy policy = new DecisionPolicy(Duration.ofHours(24));

    private static Resolution status(HealthStatus status, Source source) {
        return new Resolution(status, source, null, "p", null, 0, NOW, null);
    }

    private static Resolution unavailable(CachedStatus lastKnown) {
        return new Resolution(HealthStatus.UNKNOWN, Source.NONE, Resolution.STATUS_UNAVAILABLE, "p", null, 0, null,
                lastKnown);
    }

    private static CachedStatus green(Duration ago) {
        Instant fetched = NOW.minus(ago);
        return new CachedStatus(HealthStatus.GREEN, fetched.plusSeconds(60), fetched, fetched.plusSeconds(60));
    }

    private Outcome entry(Mode mode, Resolution resolution) {
        return policy.decide(mode, Direction.ENTRY, resolution, NOW);
    }

    @Test
    void strictLetsInFreshGreenOnly() {
        assertEquals(Outcome.grant("green", null), entry(Mode.STRICT, status(HealthStatus.GREEN, Source.CACHE)));
        assertEquals(Outcome.refuse("red", AlertType.RED_CODE), entry(Mode.STRICT, status(HealthStatus.RED, Source.RISKLIST)));
        assertEquals(Outcome.refuse("yellow", AlertType.YELLOW_CODE), entry(Mode.STRICT, status(HealthStatus.YELLOW, Source.ONLINE)));
        assertEquals(Outcome.refuse("status_unavailable", null), entry(Mode.STRICT, unavailable(green(Duration.ofHours(1)))));
    }

    @Test
    void lenientAcceptsACachedGreenYoungerThanItsLimitOnly() {
        assertEquals(Outcome.grant(DecisionPolicy.LENIENT_GREEN, null),
                entry(Mode.LENIENT, unavailable(green(Duration.ofHours(23)))));
        assertEquals(Outcome.refuse("status_unavailable", null),
                entry(Mode.LENIENT, unavailable(green(Duration.ofHours(25)))));
        assertEquals(Outcome.refuse("status_unavailable", null), entry(Mode.LENIENT, unavailable(null)));
        assertEquals(Outcome.refuse("red", AlertType.RED_CODE), entry(Mode.LENIENT, status(HealthStatus.RED, Source.CACHE)),
                "a known red is never overridden");
    }

    @Test
    void recordOnlyLetsEveryoneThroughButShowsAndReportsWhatStrictWouldHaveDone() {
        assertEquals(new Outcome(true, "red", AlertType.RED_CODE, true, false),
                entry(Mode.RECORD_ONLY, status(HealthStatus.RED, Source.ONLINE)));
        assertEquals(new Outcome(true, "status_unavailable", AlertType.UNVERIFIED_ADMITTED, true, false),
                entry(Mode.RECORD_ONLY, unavailable(null)));
        assertEquals(Outcome.grant("green", null), entry(Mode.RECORD_ONLY, status(HealthStatus.GREEN, Source.ONLINE)));
    }

    @Test
    void lockdownRefusesEveryEntryButStillRaisesRedAlerts() {
        assertEquals(Outcome.refuse(DecisionPolicy.LOCKDOWN, null), entry(Mode.LOCKDOWN, status(HealthStatus.GREEN, Source.ONLINE)));
        assertEquals(Outcome.refuse(DecisionPolicy.LOCKDOWN, AlertType.RED_CODE), entry(Mode.LOCKDOWN, status(HealthStatus.RED, Source.ONLINE)));
    }

    @Test
    void emergencyOpenAdmitsWithoutAPulseAndStillRaisesRedAlerts() {
        assertEquals(new Outcome(true, DecisionPolicy.EMERGENCY_OPEN, null, false, true),
                entry(Mode.EMERGENCY_OPEN, unavailable(null)));
        assertEquals(new Outcome(true, DecisionPolicy.EMERGENCY_OPEN, AlertType.RED_CODE, false, true),
                entry(Mode.EMERGENCY_OPEN, status(HealthStatus.RED, Source.RISKLIST)));
    }

    @Test
    void exitLanesOpenForEveryoneInEveryModeButEmergencyOpenWhichHoldsThem() {
        for (Mode mode : new Mode[] {Mode.STRICT, Mode.LENIENT, Mode.RECORD_ONLY, Mode.LOCKDOWN}) {
            assertEquals(Outcome.grant("exit", AlertType.RED_CODE),
                    policy.decide(mode, Direction.EXIT, status(HealthStatus.RED, Source.ONLINE), NOW), mode.wireName());
        }
        assertEquals(DecisionPolicy.EMERGENCY_OPEN,
                policy.decide(Mode.EMERGENCY_OPEN, Direction.EXIT, unavailable(null), NOW).reason());
    }
}
