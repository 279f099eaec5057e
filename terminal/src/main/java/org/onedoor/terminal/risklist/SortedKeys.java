package org.onedoor.terminal.risklist;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Pseudonyms as 256-bit numbers, four longs each, packed in one array in ascending order. A county
 * list may hold tens of thousands of them and the daemon runs in a small heap: packed, a pseudonym
 * costs 32 bytes instead of the ~100 a 64-character string and a hash-map entry would. Comparing
 * four longs keeps a lookup fast also under the client compiler the daemon runs with.
 */
final class SortedKeys {
    static final int HEX_CHARS = 64;
    static final SortedKeys EMPTY = new SortedKeys(new long[0]);
    private static final int LONGS = 4;
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final long[] keys;

    private SortedKeys(long[] keys) {
        this.keys = keys;
    }

    int size() {
        return keys.length / LONGS;
    }

    /** The index of {@code key}, or {@code -(insertion point) - 1} as {@link Arrays#binarySearch} does. */
    int indexOf(long[] key) {
        int low = 0;
        int high = size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int order = compare(keys, mid * LONGS, key, 0);
            if (order < 0) {
                low = mid + 1;
            } else if (order > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }

    /** The key at {@code index} compared with the one at {@code otherIndex} of {@code other}. */
    int compare(int index, SortedKeys other, int otherIndex) {
        return compare(keys, index * LONGS, other.keys, otherIndex * LONGS);
    }

    private static int compare(long[] a, int aFrom, long[] b, int bFrom) {
        for (int i = 0; i < LONGS; i++) {
            int order = Long.compareUnsigned(a[aFrom + i], b[bFrom + i]);
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }

    /** Writes the key at {@code index} as 64 lower-case hex digits into {@code out} at {@code offset}. */
    void writeHex(int index, byte[] out, int offset) {
        for (int i = 0; i < HEX_CHARS; i++) {
            long word = keys[index * LONGS + i / 16];
            out[offset + i] = HEX_DIGITS[(int) (word >>> (60 - 4 * (i % 16))) & 0xf];
        }
    }

    String hex(int index) {
        byte[] out = new byte[HEX_CHARS];
        writeHex(index, out, 0);
        return new String(out, StandardCharsets.US_ASCII);
    }

    boolean sameAs(SortedKeys other) {
        return Arrays.equals(keys, other.keys);
    }

    /**
     * 64 lower-case hex digits as a key, or null when the text is anything else: one spelling per
     * pseudonym, so the signed bytes and the lookups agree.
     */
    static long[] parseHex(String text) {
        if (text == null || text.length() != HEX_CHARS) {
            return null;
        }
        long[] key = new long[LONGS];
        for (int i = 0; i < HEX_CHARS; i++) {
            int digit = digit(text.charAt(i));
            if (digit < 0) {
                return null;
            }
            key[i / 16] = key[i / 16] << 4 | digit;
        }
        return key;
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    /** Collects keys given in ascending order. */
    static final class Builder {
        private long[] keys = new long[LONGS * 16];
        private int size;

        /** Appends a key; false when it is not above the last one (out of order or repeated). */
        boolean append(long[] key) {
            if (size > 0 && compare(keys, (size - 1) * LONGS, key, 0) >= 0) {
                return false;
            }
            copyIn(key, 0);
            return true;
        }

        /** Appends key {@code index} of {@code from}, which the caller keeps in ascending order. */
        void appendFrom(SortedKeys from, int index) {
            copyIn(from.keys, index * LONGS);
        }

        private void copyIn(long[] source, int from) {
            if ((size + 1) * LONGS > keys.length) {
                keys = Arrays.copyOf(keys, keys.length * 2);
            }
            System.arraycopy(source, from, keys, size * LONGS, LONGS);
            size++;
        }

        int size() {
            return size;
        }

        SortedKeys build() {
            return size == 0 ? EMPTY : new SortedKeys(Arrays.copyOf(keys, size * LONGS));
        }
    }
}
