package org.onedoor.terminal.signed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;

class TrustListWatcherTest {
    private static final TestCodes.Signer EC = TestCodes.signer("ec-any");
    private static final TestCodes.Signer RSA = TestCodes.signer("rsa-any");
    private static final KeyPair ISSUER = IssuerKeys.generate();

    @TempDir
    Path dir;

    @Test
    void aNewSignedListIsTakenWithoutARestart() throws Exception {
        Path file = dir.resolve("trust.json");
        write(file, 1, List.of(RSA), 1);
        String ecCode = TestCodes.code(EC, TestCodes.vaccination(2, 2));
        try (TrustListWatcher watcher = new TrustListWatcher(file, ISSUER.getPublic())) {
            SignedCodeVerifier verifier = new SignedCodeVerifier(watcher);
            assertEquals("unknown_kid", verifier.verify(ecCode, TestCodes.DURING).error().orElseThrow());
            watcher.start(Duration.ofMillis(20));

            replace(file, 2, List.of(RSA, EC));
            Await.until("version 2 in use", Duration.ofSeconds(10), () -> watcher.get().version() == 2);
            assertTrue(verifier.verify(ecCode, TestCodes.DURING).valid(), "the same verifier uses the new list");
            assertEquals(java.util.Optional.empty(), watcher.lastRefusal());
        }
    }

    @Test
    void aBadNewFileKeepsTheListInUseAndSaysWhy() throws Exception {
        Path file = dir.resolve("trust.json");
        write(file, 1, List.of(EC), 1);
        try (TrustListWatcher watcher = new TrustListWatcher(file, ISSUER.getPublic())) {
            assertEquals(TrustListWatcher.Outcome.UNCHANGED, watcher.poll());

            Files.writeString(file, "{\"format\":\"onedoor-trust-list-1\"}");
            Files.setLastModifiedTime(file, FileTime.fromMillis(2_000_000));
            assertEquals(TrustListWatcher.Outcome.REFUSED, watcher.poll());
            assertTrue(watcher.lastRefusal().orElseThrow().contains("\"version\" must be"), watcher.lastRefusal().get());
            assertEquals(1, watcher.get().version());

            Files.write(file, TrustListFile.sign(List.of(EC.certificate()), 9, TrustListFileTest.ISSUED,
                    IssuerKeys.generate().getPrivate()));
            Files.setLastModifiedTime(file, FileTime.fromMillis(3_000_000));
            assertEquals(TrustListWatcher.Outcome.REFUSED, watcher.poll());
            assertTrue(watcher.lastRefusal().orElseThrow().contains("signature does not verify"));

            Files.delete(file);
            assertEquals(TrustListWatcher.Outcome.REFUSED, watcher.poll());
            assertEquals(1, watcher.get().version(), "a missing file keeps the list too");

            write(file, 3, List.of(EC, RSA), 4_000_000);
            assertEquals(TrustListWatcher.Outcome.RELOADED, watcher.poll());
            assertEquals(2, watcher.get().size());
            assertEquals(java.util.Optional.empty(), watcher.lastRefusal());
        }
    }

    @Test
    void anOlderListIsRefusedAsARollback() throws Exception {
        Path file = dir.resolve("trust.json");
        write(file, 5, List.of(EC), 1);
        try (TrustListWatcher watcher = new TrustListWatcher(file, ISSUER.getPublic())) {
            write(file, 4, List.of(EC, RSA), 2_000_000);
            assertEquals(TrustListWatcher.Outcome.REFUSED, watcher.poll());
            assertTrue(watcher.lastRefusal().orElseThrow().contains("rollback"));
            assertEquals(5, watcher.get().version());
        }
    }

    @Test
    void theListsAgeIsFromItsIssueTime() throws Exception {
        Path file = dir.resolve("trust.json");
        write(file, 1, List.of(EC), 1);
        try (TrustListWatcher watcher = new TrustListWatcher(file, ISSUER.getPublic())) {
            assertEquals(Duration.ofDays(2), watcher.age(TrustListFileTest.ISSUED.plus(Duration.ofDays(2))));
        }
    }

    @Test
    void aListThatCannotBeUsedAtStartIsAnError() throws Exception {
        Path file = dir.resolve("trust.json");
        Files.writeString(file, "{}");
        TrustListException e = assertThrows(TrustListException.class,
                () -> new TrustListWatcher(file, ISSUER.getPublic()));
        assertTrue(e.getMessage().contains("format"), e.getMessage());
    }

    private static void write(Path file, long version, List<TestCodes.Signer> signers, long mtimeMillis)
            throws Exception {
        Files.write(file, TrustListFile.sign(signers.stream().map(TestCodes.Signer::certificate).toList(), version,
                TrustListFileTest.ISSUED, ISSUER.getPrivate()));
        Files.setLastModifiedTime(file, FileTime.fromMillis(mtimeMillis));
    }

    /** As an operator's tool should: a new file renamed over the old one. */
    private void replace(Path file, long version, List<TestCodes.Signer> signers) throws Exception {
        Path next = dir.resolve("trust.json.new");
        write(next, version, signers, System.currentTimeMillis());
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
