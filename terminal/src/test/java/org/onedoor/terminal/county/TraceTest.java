package org.onedoor.terminal.county;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.onedoor.terminal.county.store.EventStore;
import org.onedoor.terminal.county.trace.Contact;
import org.onedoor.terminal.county.trace.Tracer;
import org.onedoor.terminal.privacy.KeyDerivation;
import org.onedoor.terminal.privacy.Pseudonymizer;

/** Tracing over a planted county: who is a co-visitor of the case, and who is not. */
class TraceTest {
    static final String COUNTY = "430124";
    static final String CASE = "430124199001011234";
    static final Instant DAY = Instant.parse("2026-11-21T00:00:00Z");

    @TempDir
    Path dir;

    static Stream<String> stores() {
        return EventStoreTest.stores();
    }

    @AfterAll
    static void stopPostgres() {
        EventStoreTest.stopPostgres();
    }

    /** Plants the county: two venues the case visited, one it did not; returns nothing, the store holds it. */
    static final class County {
        final byte[] master = new byte[32];
        final EventStore store;
        long seq;

        County(EventStore store) {
            new SecureRandom().nextBytes(master);
            this.store = store;
        }

        String p(String terminal, String subject) {
            return new Pseudonymizer(KeyDerivation.terminalKey(master, COUNTY, terminal)).pseudonym(subject);
        }

        void enter(String venue, String terminal, String subject, String hhmm) throws Exception {
            Instant at = DAY.plus(Duration.parse("PT" + hhmm.replace(":", "H") + "M"));
            store.insert(List.of(EventStoreTest.parse(topic(venue, terminal, "entry"),
                    CountyEvents.entry(terminal, venue, ++seq, 1, seq, at, true, p(terminal, subject)))), 0);
        }

        String topic(String venue, String terminal, String kind) {
            return "onedoor/v1/" + COUNTY + "/" + venue + "/" + terminal + "/" + kind;
        }

        void plant() throws Exception {
            enter("market", "t-1", CASE, "10:00");
            enter("market", "t-2", "A", "10:20");     // other entrance, within 30 min
            enter("market", "t-1", "B", "09:45");     // before, within 30 min
            enter("market", "t-1", "D", "10:45");     // 45 min after: outside
            enter("school", "t-4", "E", "10:00");     // same time, other venue
            enter("mall", "t-3", CASE, "14:00");
            enter("mall", "t-3", "C", "14:10");
            enter("mall", "t-3", "F", "13:20");       // 40 min before: outside
            enter("school", "t-4", "A", "16:00");     // A's later visit
            enter("school", "t-4", "G", "16:05");     // a contact of A's only
            // H's terminal believed it was 2025; its clock event puts H at the mall at 14:05.
            store.insert(List.of(EventStoreTest.parse(topic("mall", "t-5", "entry"), CountyEvents.entry("t-5", "mall", 1, 1,
                    5_000, Instant.parse("2025-01-01T00:00:00Z"), false, p("t-5", "H")))), 0);
            store.insert(List.of(EventStoreTest.parse(topic("mall", "t-5", "clock"), CountyEvents.clock("t-5", "mall", 2, 1,
                    65_000, DAY.plus(Duration.parse("PT14H6M")), 1))), 0);
        }
    }

    static Set<String> who(County county, List<Contact> contacts, int depth) {
        Set<String> names = new TreeSet<>();
        for (Contact c : contacts) {
            if (c.depth() != depth) {
                continue;
            }
            for (String s : List.of("A", "B", "C", "D", "E", "F", "G", "H", CASE)) {
                if (county.p(c.terminal(), s).equals(c.pseudonym())) {
                    names.add(s);
                }
            }
        }
        return names;
    }

    @ParameterizedTest
    @MethodSource("stores")
    void findsExactlyThePlantedCoVisitorsAtBothVenuesByCorrectedTimes(String kind) throws Exception {
        try (EventStore store = EventStore.open(EventStoreTest.location(kind, dir))) {
            County county = new County(store);
            county.plant();
            Tracer.Result r = new Tracer(store, county.master, COUNTY).trace(CASE, DAY.toEpochMilli(),
                    DAY.plus(Duration.ofDays(1)).toEpochMilli(), Duration.ofMinutes(30), 1, List.of());
            assertEquals(Set.of("A", "B", "C", "H"), who(county, r.contacts(), 1));
            assertEquals(4, r.contacts().size());
            assertEquals(0, r.resolved());
            Contact a = r.contacts().stream().filter(c -> c.terminal().equals("t-2")).findFirst().orElseThrow();
            assertEquals(10.0, a.overlapMinutes(), 0.001, "entered 20 min apart within a 30 min window");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aRegisterResolvesCoVisitorsAndDepthTwoFollowsThemAcrossTerminals(String kind) throws Exception {
        try (EventStore store = EventStore.open(EventStoreTest.location(kind, dir))) {
            County county = new County(store);
            county.plant();
            List<String> register = new ArrayList<>(List.of("A", "B", "D", "G", "Z"));
            Tracer.Result r = new Tracer(store, county.master, COUNTY).trace(CASE, DAY.toEpochMilli(),
                    DAY.plus(Duration.ofDays(1)).toEpochMilli(), Duration.ofMinutes(30), 2, register);
            assertEquals(Set.of("A", "B", "C", "H"), who(county, r.contacts(), 1));
            assertEquals(Set.of("D", "G"), who(county, r.contacts(), 2),
                    "A's contacts: D at the market (25 min after A; B was 35 before) and G at the school; E was there at 10:00");
            assertEquals(Set.of("A", "B", "D", "G"), r.contacts().stream().map(Contact::subject).filter(s -> s != null)
                    .collect(Collectors.toSet()));
        }
    }
}
