package org.onedoor.terminal.risklist;

import java.util.Arrays;
import java.util.Optional;
import org.onedoor.terminal.status.HealthStatus;

/** Risk pseudonyms and their colours, yellow or red, in ascending order of pseudonym; immutable. */
final class PseudonymTable {
    static final PseudonymTable EMPTY = new PseudonymTable(SortedKeys.EMPTY, new byte[0]);
    private static final byte YELLOW = 1;
    private static final byte RED = 2;

    private final SortedKeys keys;
    private final byte[] colours;

    private PseudonymTable(SortedKeys keys, byte[] colours) {
        this.keys = keys;
        this.colours = colours;
    }

    int size() {
        return colours.length;
    }

    SortedKeys keys() {
        return keys;
    }

    HealthStatus colour(int index) {
        return colours[index] == RED ? HealthStatus.RED : HealthStatus.YELLOW;
    }

    Optional<HealthStatus> lookup(long[] key) {
        int index = keys.indexOf(key);
        return index < 0 ? Optional.empty() : Optional.of(colour(index));
    }

    boolean sameAs(PseudonymTable other) {
        return keys.sameAs(other.keys) && Arrays.equals(colours, other.colours);
    }

    /**
     * This table with {@code upserts} added or recoloured and {@code removals} taken out, in one
     * merge of the sorted sequences. The caller has checked that no key is in both.
     */
    PseudonymTable apply(PseudonymTable upserts, SortedKeys removals) {
        Builder out = new Builder();
        int mine = 0;
        int theirs = 0;
        int removal = 0;
        while (mine < size() || theirs < upserts.size()) {
            int order = mine == size() ? 1 : theirs == upserts.size() ? -1 : keys.compare(mine, upserts.keys, theirs);
            if (order >= 0) {
                out.appendFrom(upserts, theirs++);
                mine += order == 0 ? 1 : 0;
                continue;
            }
            while (removal < removals.size() && removals.compare(removal, keys, mine) < 0) {
                removal++;
            }
            if (removal == removals.size() || removals.compare(removal, keys, mine) != 0) {
                out.appendFrom(this, mine);
            }
            mine++;
        }
        return out.build();
    }

    /** Collects entries given in strictly ascending order of pseudonym. */
    static final class Builder {
        private final SortedKeys.Builder keys = new SortedKeys.Builder();
        private byte[] colours = new byte[16];

        /** Appends an entry; false when the key is not above the last one. */
        boolean append(long[] key, HealthStatus colour) {
            if (colour != HealthStatus.YELLOW && colour != HealthStatus.RED) {
                throw new IllegalArgumentException("a risk list holds yellow and red only");
            }
            if (!keys.append(key)) {
                return false;
            }
            store(colour == HealthStatus.RED ? RED : YELLOW);
            return true;
        }

        private void appendFrom(PseudonymTable from, int index) {
            keys.appendFrom(from.keys, index);
            store(from.colours[index]);
        }

        private void store(byte colour) {
            int index = keys.size() - 1;
            if (index == colours.length) {
                colours = Arrays.copyOf(colours, colours.length * 2);
            }
            colours[index] = colour;
        }

        int size() {
            return keys.size();
        }

        PseudonymTable build() {
            return keys.size() == 0 ? EMPTY : new PseudonymTable(keys.build(), Arrays.copyOf(colours, keys.size()));
        }
    }
}
