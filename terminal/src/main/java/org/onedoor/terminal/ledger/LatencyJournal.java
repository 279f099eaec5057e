package org.onedoor.terminal.ledger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Each entry's actuation latency, appended to a small file beside the ledger when the entry is sealed, before it can
 * be published. An entry's row gets its latency only with the next commit (the next event's, or the idle flush), not
 * in a commit of its own: that commit dirtied a page of the WAL again right after the entry's sync, a 4 KiB write to
 * the card per scan. Until then the latency is in memory, where the outbox takes it from, and here, where a process
 * that crashed finds it again at the next open, so an entry sent again after the crash carries the same latency, byte
 * for byte, as its first delivery.
 *
 * <p>Nothing is synced: a record is in the kernel once written, which is what a crash of the process needs; a power
 * cut may lose the last ones, as it may lose an unsynced latency commit (docs/reliability.md). A record is the seq, the
 * latency and a CRC-32 of both; reading stops at the first record that does not check, the torn end of a file cut
 * by a power cut. Replaying one twice only writes the same value again.
 */
final class LatencyJournal implements AutoCloseable {
    static final String FILE_NAME = "latencies.log";
    private static final int RECORD_BYTES = 20;
    /** Emptied once it holds this much and every latency in it is in the ledger: some 50,000 scans. */
    static final long CLEAR_AT_BYTES = 1L << 20;

    /**
     * The file is laid out in zeros this much at a time, and records are written over them: an append that grew the
     * file changed its size, file-system metadata, at every scan. Zeros end the reading as a torn record does.
     */
    static final int CHUNK_BYTES = 64 * 1024;

    private final FileChannel channel;
    private final ByteBuffer record = ByteBuffer.allocate(RECORD_BYTES);
    /** Where the next record goes. */
    private long position;
    /** The file's size: records, then zeros. */
    private long laidOut;
    private final CRC32 crc = new CRC32();

    private LatencyJournal(FileChannel channel) {
        this.channel = channel;
    }

    static LatencyJournal open(Path file) throws IOException {
        return new LatencyJournal(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE));
    }

    /** The latencies the file holds, by seq, up to the first record that does not check. */
    synchronized Map<Long, Long> read() throws IOException {
        Map<Long, Long> latencies = new LinkedHashMap<>();
        ByteBuffer in = ByteBuffer.allocate(RECORD_BYTES);
        long position = 0;
        while (true) {
            in.clear();
            int read;
            do { // a read may return fewer bytes than asked
                read = channel.read(in, position + in.position());
            } while (read > 0 && in.hasRemaining());
            if (in.hasRemaining() || !checks(in)) {
                break;
            }
            latencies.put(in.getLong(0), in.getLong(8));
            position += RECORD_BYTES;
        }
        this.position = position;
        this.laidOut = channel.size();
        return latencies;
    }

    private boolean checks(ByteBuffer in) {
        crc.reset();
        crc.update(in.array(), 0, 16);
        return (int) crc.getValue() == in.getInt(16);
    }

    /** Appends one record; when this returns, the kernel holds it. */
    synchronized void append(long seq, long latencyUs) throws IOException {
        record.clear();
        record.putLong(seq).putLong(latencyUs);
        crc.reset();
        crc.update(record.array(), 0, 16);
        record.putInt((int) crc.getValue()).flip();
        if (position + RECORD_BYTES > laidOut) {
            layOutZeros();
        }
        while (record.hasRemaining()) {
            channel.write(record, position + record.position());
        }
        position += RECORD_BYTES;
    }

    /** The bytes of records written since the file was last emptied. */
    synchronized long size() {
        return position;
    }

    /** Empties the file: call only when every latency in it is committed to the ledger. */
    synchronized void clear() throws IOException {
        channel.truncate(0);
        position = 0;
        laidOut = 0;
    }

    private void layOutZeros() throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(CHUNK_BYTES);
        long end = channel.size();
        while (zeros.hasRemaining()) {
            channel.write(zeros, end + zeros.position());
        }
        laidOut = end + CHUNK_BYTES;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
