package org.onedoor.terminal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class ServicesTest {
    private final List<String> journal = new ArrayList<>();

    @Test
    void servicesStartInOrderAndStopInReverse() throws Exception {
        Services services = new Services();
        services.add(new Recording("ledger"));
        services.add(new Recording("outputs"));
        services.add(new Recording("scanner east"));

        services.start();
        services.stop();

        assertEquals(List.of("start ledger", "start outputs", "start scanner east",
                "stop scanner east", "stop outputs", "stop ledger"), journal);
    }

    @Test
    void aPartThatFailsToStartStopsThoseBeforeItInReverseAndIsNamed() {
        Services services = new Services();
        services.add(new Recording("ledger"));
        services.add(new Recording("outputs"));
        IllegalStateException cause = new IllegalStateException("port vanished");
        services.add(new Recording("scanner east") {
            @Override
            public void start() {
                journal.add("start scanner east");
                throw cause;
            }
        });
        services.add(new Recording("scanner west"));

        ServiceStartException e = assertThrows(ServiceStartException.class, services::start);

        assertEquals("scanner east", e.service());
        assertEquals("scanner east: port vanished", e.getMessage());
        assertSame(cause, e.getCause());
        assertEquals(List.of("start ledger", "start outputs", "start scanner east", "stop outputs", "stop ledger"),
                journal, "the failed part is not stopped, the ones after it never start");
        services.stop();
        assertEquals(5, journal.size(), "nothing is stopped twice");
    }

    @Test
    void aPartThatFailsToStopDoesNotKeepTheRestRunning() throws Exception {
        Services services = new Services();
        services.add(new Recording("ledger"));
        services.add(new Recording("publisher") {
            @Override
            public void stop() throws Exception {
                journal.add("stop publisher");
                throw new Exception("broker gone");
            }
        });
        services.add(new Recording("heartbeat"));
        services.start();

        services.stop();

        assertEquals(List.of("stop heartbeat", "stop publisher", "stop ledger"), journal.subList(3, 6));
    }

    @Test
    void livenessComesFromTheStartedServicesInStartOrder() throws Exception {
        Services services = new Services();
        services.add(new Recording("lanes", Map.of("lane east", () -> true, "lane west", () -> true)));
        services.add(new Recording("maintenance", Map.of("maintenance", () -> false)));
        assertEquals(Map.of(), services.liveness(), "nothing started, nothing to watch");

        services.start();

        Map<String, BooleanSupplier> checks = services.liveness();
        assertEquals(List.of("lane east", "lane west", "maintenance"), List.copyOf(checks.keySet().stream().sorted()
                .toList()));
        assertEquals(false, checks.get("maintenance").getAsBoolean());
    }

    @Test
    void twoServicesCannotShareAName() {
        Services services = new Services();
        services.add(new Recording("ledger"));
        assertThrows(IllegalArgumentException.class, () -> services.add(new Recording("ledger")));
    }

    @Test
    void aPartHandsWhatItOpenedToThePartsAfterIt() throws Exception {
        Services services = new Services();
        Part<AutoCloseable> ledger = services.add(Part.of("ledger", () -> () -> journal.add("ledger closed")));
        assertThrows(IllegalStateException.class, ledger::get, "not before it has started");

        services.start();
        ledger.get().close();

        assertEquals(List.of("ledger closed"), journal);
    }

    private class Recording implements Service {
        private final String name;
        private final Map<String, BooleanSupplier> liveness;

        Recording(String name) {
            this(name, Map.of());
        }

        Recording(String name, Map<String, BooleanSupplier> liveness) {
            this.name = name;
            this.liveness = liveness;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void start() throws Exception {
            journal.add("start " + name);
        }

        @Override
        public void stop() throws Exception {
            journal.add("stop " + name);
        }

        @Override
        public Map<String, BooleanSupplier> liveness() {
            return liveness;
        }
    }
}
