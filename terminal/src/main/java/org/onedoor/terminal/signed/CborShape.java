package org.onedoor.terminal.signed;

/**
 * Checks the shape of CBOR bytes before the decoder sees them: one well-formed item, no item nested
 * more than {@link #MAX_DEPTH} levels deep (the outermost item is level 1), at most {@link #MAX_ITEMS} items, and no declared length or count
 * beyond the bytes there are. The decoder recurses once per level and the daemon's threads have small
 * stacks, so a few hundred nested arrays (a 34-character code) would overflow it; this walk keeps its
 * own bounded stack. A health certificate needs six levels (its entry's fields) and about fifty items.
 */
final class CborShape {
    /** Each array, map, tag or indefinite-length string puts its items one level deeper. */
    static final int MAX_DEPTH = 16;
    /** Items in one encoded value, map keys and values counted; a certificate holds about fifty. */
    static final int MAX_ITEMS = 1024;

    private static final long INDEFINITE = -1;
    private static final int BREAK = 0xff;

    private CborShape() {
    }

    /** Whether {@code data} is exactly one item within the limits above. */
    static boolean bounded(byte[] data) {
        long[] expected = new long[MAX_DEPTH];
        expected[0] = 1;
        int depth = 0;
        int pos = 0;
        int items = 0;
        while (true) {
            while (depth > 0 && expected[depth] == 0) {
                depth--;
            }
            if (depth == 0 && expected[0] == 0) {
                return pos == data.length;
            }
            if (pos >= data.length) {
                return false;
            }
            int initial = data[pos++] & 0xff;
            if (initial == BREAK) {
                if (expected[depth] != INDEFINITE) {
                    return false;
                }
                depth--;
                continue;
            }
            if (++items > MAX_ITEMS) {
                return false;
            }
            if (expected[depth] != INDEFINITE) {
                expected[depth]--;
            }
            int major = initial >>> 5;
            int info = initial & 0x1f;
            long argument;
            if (info < 24) {
                argument = info;
            } else if (info <= 27) {
                int size = 1 << (info - 24);
                if (data.length - pos < size) {
                    return false;
                }
                argument = 0;
                for (int i = 0; i < size; i++) {
                    argument = argument << 8 | (data[pos++] & 0xff);
                }
            } else if (info == 31 && major >= 2 && major <= 5) {
                argument = INDEFINITE;
            } else {
                return false;
            }
            long opens;
            long left = data.length - pos;
            switch (major) {
                case 2, 3 -> {
                    if (argument != INDEFINITE) {
                        // An 8-byte length above 2^63 reads as negative: beyond the data either way.
                        if (argument < 0 || argument > left) {
                            return false;
                        }
                        pos += (int) argument;
                    }
                    opens = argument == INDEFINITE ? INDEFINITE : 0;
                }
                case 4, 5 -> {
                    // Every item takes at least one byte, so a count beyond the bytes left is a lie.
                    if (argument != INDEFINITE && (argument < 0 || argument > left)) {
                        return false;
                    }
                    opens = argument == INDEFINITE ? INDEFINITE : major == 5 ? argument * 2 : argument;
                }
                case 6 -> opens = 1;
                default -> opens = 0;
            }
            if (opens != 0) {
                if (depth + 1 >= MAX_DEPTH) {
                    return false; // its items would sit deeper than MAX_DEPTH
                }
                expected[++depth] = opens;
            }
        }
    }
}
