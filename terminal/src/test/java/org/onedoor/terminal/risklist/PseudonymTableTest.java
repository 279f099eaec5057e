package org.onedoor.terminal.risklist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.onedoor.terminal.status.HealthStatus;

class PseudonymTableTest {

    /** Random lists and deltas, checked against a sorted map doing the same. */
    @Test
    void applyingADeltaMatchesASortedMap() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            TreeMap<String, HealthStatus> model = new TreeMap<>();
            for (int i = random.nextInt(60); i > 0; i--) {
                model.put(key(random), colour(random));
            }
            TreeMap<String, HealthStatus> upserts = new TreeMap<>();
            TreeSet<String> removals = new TreeSet<>();
            for (String existing : model.keySet()) {
                int choice = random.nextInt(4);
                if (choice == 0) {
                    removals.add(existing);
                } else if (choice == 1) {
                    upserts.put(existing, colour(random));
                }
            }
            for (int i = random.nextInt(20); i > 0; i--) {
                upserts.put(key(random), colour(random));
            }
            for (int i = random.nextInt(5); i > 0; i--) {
                removals.add(key(random)); // not on the list: nothing to do
            }

            PseudonymTable result = table(model).apply(table(upserts), keys(removals));
            TreeMap<String, HealthStatus> expected = new TreeMap<>(model);
            removals.forEach(expected::remove);
            expected.putAll(upserts);
            assertEquals(expected, contents(result), "round " + round);
            for (String k : expected.keySet()) {
                assertEquals(Optional.of(expected.get(k)), result.lookup(SortedKeys.parseHex(k)));
            }
            for (String k : removals) {
                assertEquals(Optional.empty(), result.lookup(SortedKeys.parseHex(k)));
            }
        }
    }

    @Test
    void keysMustComeInStrictlyAscendingOrder() {
        PseudonymTable.Builder builder = new PseudonymTable.Builder();
        long[] high = SortedKeys.parseHex("f" + "0".repeat(63));
        long[] low = SortedKeys.parseHex("0".repeat(63) + "1");
        assertTrue(builder.append(low, HealthStatus.RED));
        assertTrue(builder.append(high, HealthStatus.RED));
        assertFalse(builder.append(high, HealthStatus.YELLOW), "a repeat");
        assertFalse(builder.append(low, HealthStatus.YELLOW), "out of order");
        assertEquals(2, builder.build().size());
    }

    @Test
    void onlyLowerCaseHexOfTheRightLengthIsAPseudonym() {
        assertNull(SortedKeys.parseHex("A".repeat(64)));
        assertNull(SortedKeys.parseHex("a".repeat(63)));
        assertNull(SortedKeys.parseHex("g".repeat(64)));
        assertNull(SortedKeys.parseHex(null));
        assertEquals("ab".repeat(32), keys(new TreeSet<>(java.util.Set.of("ab".repeat(32)))).hex(0));
    }

    private static String key(Random random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static HealthStatus colour(Random random) {
        return random.nextBoolean() ? HealthStatus.RED : HealthStatus.YELLOW;
    }

    private static PseudonymTable table(Map<String, HealthStatus> sorted) {
        PseudonymTable.Builder builder = new PseudonymTable.Builder();
        sorted.forEach((k, c) -> assertTrue(builder.append(SortedKeys.parseHex(k), c)));
        return builder.build();
    }

    private static SortedKeys keys(TreeSet<String> sorted) {
        SortedKeys.Builder builder = new SortedKeys.Builder();
        sorted.forEach(k -> assertTrue(builder.append(SortedKeys.parseHex(k))));
        return builder.build();
    }

    private static TreeMap<String, HealthStatus> contents(PseudonymTable table) {
        TreeMap<String, HealthStatus> out = new TreeMap<>();
        for (int i = 0; i < table.size(); i++) {
            out.put(table.keys().hex(i), table.colour(i));
        }
        return out;
    }
}
