package org.onedoor.terminal.doctor;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** Free space where the ledger lives, and whether this user may write there. */
final class DiskSpaceCheck implements Check {
    static final String NAME = "disk";
    static final long FAIL_BELOW_BYTES = 64L << 20;
    static final long WARN_BELOW_BYTES = 512L << 20;
    private final Path dataDir;
    private final long failBelowBytes;
    private final long warnBelowBytes;

    DiskSpaceCheck(Path dataDir) {
        this(dataDir, FAIL_BELOW_BYTES, WARN_BELOW_BYTES);
    }

    DiskSpaceCheck(Path dataDir, long failBelowBytes, long warnBelowBytes) {
        this.dataDir = dataDir;
        this.failBelowBytes = failBelowBytes;
        this.warnBelowBytes = warnBelowBytes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Finding run() {
        Path existing = dataDir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return Finding.fail(NAME, dataDir + ": no part of this path exists");
        }
        if (existing.equals(dataDir.toAbsolutePath()) && !Files.isWritable(existing)) {
            return Finding.fail(NAME, dataDir + " not writable by this user");
        }
        try {
            FileStore store = Files.getFileStore(existing);
            long free = store.getUsableSpace();
            String detail = mib(free) + " MiB free of " + mib(store.getTotalSpace()) + " MiB for " + dataDir
                    + (existing.equals(dataDir.toAbsolutePath()) ? "" : " (not created yet)");
            if (free < failBelowBytes) {
                return Finding.fail(NAME, detail);
            }
            return free < warnBelowBytes ? Finding.warn(NAME, detail) : Finding.ok(NAME, detail);
        } catch (IOException e) {
            return Finding.fail(NAME, dataDir + ": " + e.getMessage());
        }
    }

    private static long mib(long bytes) {
        return bytes >> 20;
    }
}
