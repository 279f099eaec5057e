package org.onedoor.drivers.serial;

/** CRC-CCITT, polynomial 0x1021, initial value 0, no reflection: the XMODEM variant GM65 modules use. */
final class Crc16Xmodem {
    private Crc16Xmodem() {
    }

    static int of(byte[] bytes, int off, int len) {
        int crc = 0;
        for (int i = off; i < off + len; i++) {
            crc ^= (bytes[i] & 0xFF) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }
        return crc & 0xFFFF;
    }
}
