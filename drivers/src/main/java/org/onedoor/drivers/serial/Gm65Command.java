package org.onedoor.drivers.serial;

/**
 * Command frames of the GM65 family: {@code 7E 00 | type | len | addr hi | addr lo | data | CRC hi |
 * CRC lo}, the CRC (XMODEM) over type..data. Types: 07 read, 08 write, 09 save to flash.
 */
public final class Gm65Command {
    static final int READ = 0x07;
    static final int WRITE = 0x08;
    static final int SAVE = 0x09;
    /** Header, type, length and address: the bytes before the data. */
    static final int HEADER_BYTES = 6;

    private Gm65Command() {
    }

    /** Writes {@code data} to the registers from {@code address} on; volatile until saved. */
    public static byte[] write(int address, byte... data) {
        return frame(WRITE, address, data);
    }

    /** Reads {@code count} registers from {@code address}. */
    public static byte[] read(int address, int count) {
        return frame(READ, address, (byte) count);
    }

    /** Saves the registers to flash. */
    public static byte[] save() {
        return frame(SAVE, 0x0000, (byte) 0x00);
    }

    private static byte[] frame(int type, int address, byte... data) {
        byte[] frame = new byte[HEADER_BYTES + data.length + 2];
        frame[0] = 0x7E;
        frame[1] = 0x00;
        frame[2] = (byte) type;
        frame[3] = (byte) data.length;
        frame[4] = (byte) (address >> 8);
        frame[5] = (byte) address;
        System.arraycopy(data, 0, frame, HEADER_BYTES, data.length);
        int crc = Crc16Xmodem.of(frame, 2, frame.length - 4);
        frame[frame.length - 2] = (byte) (crc >> 8);
        frame[frame.length - 1] = (byte) crc;
        return frame;
    }
}
