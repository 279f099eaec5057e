package org.onedoor.terminal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyJournalTest {
    @TempDir
    Path dir;

    /** A journal holding these seq and latency pairs, in order. */
    private Path journalWith(long... seqsAndLatencies) throws java.io.IOException {
        Path file = dir.resolve(LatencyJournal.FILE_NAME);
        try (LatencyJournal journal = LatencyJournal.open(file)) {
            journal.read();
            for (int i = 0; i < seqsAndLatencies.length; i += 2) {
                journal.append(seqsAndLatencies[i], seqsAndLatencies[i + 1]);
            }
        }
        return file;
    }

    @Test
    void recordsAreReadBackInOrderUpToATornEnd() throws Exception {
        Path file = journalWith(7, 1_500, 8, 2_500);
        // A power cut in the middle of the next record: part of it over the zeros laid out for it.
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 0, 0, 0, 9, 1, 2, 3}), 40);
        }

        try (LatencyJournal journal = LatencyJournal.open(file)) {
            assertEquals(Map.of(7L, 1_500L, 8L, 2_500L), journal.read());
            journal.append(9, 3_500); // after the last good record, over the torn one
            assertEquals(Map.of(7L, 1_500L, 8L, 2_500L, 9L, 3_500L), journal.read());
        }
    }

    @Test
    void aRecordWithAnotherChecksumEndsTheReading() throws Exception {
        Path file = journalWith(1, 10, 2, 20);
        byte[] bytes = Files.readAllBytes(file);
        bytes[20 + 9] ^= 1; // the second record's latency, one bit
        Files.write(file, bytes);

        try (LatencyJournal journal = LatencyJournal.open(file)) {
            assertEquals(Map.of(1L, 10L), journal.read());
            journal.clear();
            assertEquals(Map.of(), journal.read());
            assertEquals(0, journal.size());
        }
    }

    @Test
    void recordsAreWrittenOverZerosLaidOutAheadSoTheFileDoesNotGrowAtEachOne() throws Exception {
        Path file = dir.resolve(LatencyJournal.FILE_NAME);
        try (LatencyJournal journal = LatencyJournal.open(file)) {
            journal.read();
            journal.append(1, 10);
            long laidOut = Files.size(file);
            for (long seq = 2; seq <= 100; seq++) {
                journal.append(seq, seq * 10);
            }
            assertEquals(LatencyJournal.CHUNK_BYTES, laidOut);
            assertEquals(laidOut, Files.size(file));
            assertEquals(100 * 20, journal.size());
        }
        try (LatencyJournal journal = LatencyJournal.open(file)) {
            assertEquals(100, journal.read().size(), "the zeros after the last record end the reading");
        }
    }
}
