package org.onedoor.drivers.testing;

import java.io.ByteArrayOutputStream;

/** Byte arrays the tests build recorded streams from. */
public final class Bytes {
    private Bytes() {
    }

    /** The parts one after the other. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
