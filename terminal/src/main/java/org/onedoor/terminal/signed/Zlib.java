package org.onedoor.terminal.signed;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** The optional zlib layer: inflated with a hard cap, so a small bomb cannot fill the heap. */
final class Zlib {
    private Zlib() {
    }

    /**
     * Inflates {@code data} when it starts with a zlib header; returns it unchanged otherwise, since
     * some issuers leave the payload uncompressed.
     */
    static byte[] inflateIfCompressed(byte[] data, int maxInflated) throws CodeFormatException {
        if (!hasZlibHeader(data)) {
            if (data.length > maxInflated) {
                throw new CodeFormatException("too_large");
            }
            return data;
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data);
            byte[] out = new byte[Math.min(maxInflated + 1, Math.max(1024, data.length * 4))];
            int filled = 0;
            while (!inflater.finished()) {
                if (filled == out.length) {
                    if (out.length > maxInflated) {
                        throw new CodeFormatException("too_large");
                    }
                    out = java.util.Arrays.copyOf(out, Math.min(maxInflated + 1, out.length * 2));
                }
                int n = inflater.inflate(out, filled, out.length - filled);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new CodeFormatException("zlib");
                }
                filled += n;
            }
            if (filled > maxInflated) {
                throw new CodeFormatException("too_large");
            }
            return java.util.Arrays.copyOf(out, filled);
        } catch (DataFormatException e) {
            throw new CodeFormatException("zlib");
        } finally {
            inflater.end();
        }
    }

    /** RFC 1950: deflate method 8 with a window of at most 32 KiB, and the header check bits. */
    private static boolean hasZlibHeader(byte[] data) {
        if (data.length < 2) {
            return false;
        }
        int cmf = data[0] & 0xFF;
        int flg = data[1] & 0xFF;
        return (cmf & 0x0F) == 8 && (cmf >> 4) <= 7 && (cmf * 256 + flg) % 31 == 0;
    }
}
