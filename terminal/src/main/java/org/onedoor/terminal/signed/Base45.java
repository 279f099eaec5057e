package org.onedoor.terminal.signed;

/** RFC 9285 Base45, decoding only, strict: an unknown character or an out-of-range group is refused. */
final class Base45 {
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    private static final int[] VALUE = new int[128];

    static {
        java.util.Arrays.fill(VALUE, -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            VALUE[ALPHABET.charAt(i)] = i;
        }
    }

    private Base45() {
    }

    static byte[] decode(CharSequence text) throws CodeFormatException {
        int length = text.length();
        if (length % 3 == 1) {
            throw new CodeFormatException("base45");
        }
        byte[] out = new byte[length / 3 * 2 + (length % 3 == 2 ? 1 : 0)];
        int o = 0;
        for (int i = 0; i < length; i += 3) {
            if (length - i >= 3) {
                int n = digit(text, i) + digit(text, i + 1) * 45 + digit(text, i + 2) * 45 * 45;
                if (n > 0xFFFF) {
                    throw new CodeFormatException("base45");
                }
                out[o++] = (byte) (n >> 8);
                out[o++] = (byte) n;
            } else {
                int n = digit(text, i) + digit(text, i + 1) * 45;
                if (n > 0xFF) {
                    throw new CodeFormatException("base45");
                }
                out[o++] = (byte) n;
            }
        }
        return out;
    }

    private static int digit(CharSequence text, int index) throws CodeFormatException {
        char c = text.charAt(index);
        int value = c < 128 ? VALUE[c] : -1;
        if (value < 0) {
            throw new CodeFormatException("base45");
        }
        return value;
    }
}
