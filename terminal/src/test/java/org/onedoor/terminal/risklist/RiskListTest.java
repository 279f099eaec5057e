package org.onedoor.terminal.risklist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onedoor.terminal.risklist.County.T0;
import static org.onedoor.terminal.risklist.County.pseudonym;
import static org.onedoor.terminal.status.HealthStatus.RED;
import static org.onedoor.terminal.status.HealthStatus.YELLOW;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.risklist.Applied.Result;
import org.onedoor.terminal.testing.SettableClock;

class RiskListTest {
    private static final String ANN = pseudonym("ann");
    private static final String BOB = pseudonym("bob");
    private static final String CAI = pseudonym("cai");

    @TempDir
    Path dir;

    private final County county = new County();
    private final SettableClock clock = new SettableClock(T0.plusSeconds(30));
    private RiskList list;

    @BeforeEach
    void open() throws IOException {
        list = reopen();
    }

    @Test
    void aSnapshotThenDeltasChangeTheList() {
        assertFalse(list.state().hasList());
        assertEquals(Result.APPLIED, offerSnapshot(county.snapshot(1, T0, Map.of(ANN, RED, BOB, YELLOW))));
        assertEquals(Optional.of(RED), list.lookup(ANN));
        assertEquals(Optional.of(YELLOW), list.lookup(BOB));
        assertEquals(Optional.empty(), list.lookup(CAI));

        clock.advance(Duration.ofMinutes(5));
        byte[] delta = county.delta(1, 2, T0.plusSeconds(300), Map.of(BOB, RED, CAI, YELLOW), Set.of(ANN));
        assertEquals(Result.APPLIED, offerDelta(delta));
        assertEquals(Optional.empty(), list.lookup(ANN));
        assertEquals(Optional.of(RED), list.lookup(BOB));
        assertEquals(Optional.of(YELLOW), list.lookup(CAI));

        RiskListState state = list.state();
        assertEquals(2, state.version());
        assertEquals(1, state.epoch());
        assertEquals(2, state.entries());
        assertEquals(Optional.of(T0.plusSeconds(300)), state.issuedAt());
        assertEquals(Optional.of(clock.instant()), state.appliedAt());
        assertEquals(Optional.of(Duration.ofSeconds(30)), state.age());
        assertFalse(state.gap());

        assertEquals(Result.IGNORED, offerDelta(delta), "a delta delivered again");
        assertEquals(Result.IGNORED, offerSnapshot(county.snapshot(2, T0.plusSeconds(300), Map.of(BOB, RED, CAI, YELLOW))),
                "the retained snapshot of the version held, signed at the same time");
    }

    @Test
    void aBadSignatureOrAnotherKeyIsRefusedAndChangesNothing() {
        offerSnapshot(county.snapshot(1, T0, Map.of(ANN, RED)));
        byte[] genuine = county.snapshot(2, T0, Map.of(ANN, RED, BOB, RED));
        String text = new String(genuine, StandardCharsets.US_ASCII);

        byte[] otherVersion = text.replace("\"version\":2", "\"version\":3").getBytes(StandardCharsets.US_ASCII);
        assertEquals(Result.REFUSED_SIGNATURE, offerSnapshot(otherVersion));
        byte[] otherColour = text.replace("\"red\"]]", "\"yellow\"]]").getBytes(StandardCharsets.US_ASCII);
        assertEquals(Result.REFUSED_SIGNATURE, offerSnapshot(otherColour));
        byte[] byAnotherCounty = new County().snapshot(2, T0, Map.of(ANN, RED, BOB, RED));
        assertEquals(Result.REFUSED_SIGNATURE, offerSnapshot(byAnotherCounty));

        assertEquals(1, list.state().version());
        assertEquals(Optional.empty(), list.lookup(BOB));
    }

    @Test
    void anOlderSnapshotOrAnOlderEpochIsARollback() {
        offerSnapshot(county.snapshot(5, T0, Map.of(ANN, RED)));
        assertEquals(Result.REFUSED_ROLLBACK, offerSnapshot(county.snapshot(4, T0.plusSeconds(60), Map.of())));
        byte[] olderEpoch = county.signerFor(County.CODE, 0).snapshot(6, T0.plusSeconds(60), new java.util.TreeMap<>());
        assertEquals(Result.REFUSED_ROLLBACK, offerSnapshot(olderEpoch));
        assertEquals(Optional.of(RED), list.lookup(ANN));
        assertEquals(5, list.state().version());
    }

    @Test
    void aMissedDeltaHoldsTheVersionAndFlagsAGapUntilANewerSnapshot() {
        offerSnapshot(county.snapshot(1, T0, Map.of(ANN, RED)));
        assertEquals(Result.GAP, offerDelta(county.delta(2, 3, T0.plusSeconds(120), Map.of(BOB, RED), Set.of())));
        assertEquals(1, list.state().version());
        assertTrue(list.state().gap());
        assertEquals(Optional.empty(), list.lookup(BOB));

        assertEquals(Result.APPLIED, offerDelta(county.delta(1, 2, T0.plusSeconds(60), Map.of(CAI, RED), Set.of())),
                "a delta that follows ours still applies");
        assertTrue(list.state().gap(), "but the one after it was missed");
        assertEquals(Result.REFRESHED, offerSnapshot(county.snapshot(2, T0.plusSeconds(90), Map.of(ANN, RED, CAI, RED))));
        assertTrue(list.state().gap(), "a snapshot of the version held does not close the gap");

        assertEquals(Result.APPLIED, offerSnapshot(county.snapshot(3, T0.plusSeconds(120), Map.of(ANN, RED, BOB, RED, CAI, RED))));
        assertFalse(list.state().gap());
        assertEquals(Optional.of(RED), list.lookup(BOB));
    }

    @Test
    void aDeltaBeforeAnySnapshotOrOfAnotherEpochIsAGap() {
        assertEquals(Result.GAP, offerDelta(county.delta(1, 2, T0, Map.of(ANN, RED), Set.of())));
        assertTrue(list.state().gap());
        offerSnapshot(county.snapshot(2, T0, Map.of(ANN, RED)));
        byte[] nextEpoch = county.signerFor(County.CODE, 2).delta(2, 3, T0, new java.util.TreeMap<>(Map.of(BOB, RED)),
                new java.util.TreeSet<>());
        assertEquals(Result.GAP, offerDelta(nextEpoch));
        assertEquals(Optional.empty(), list.lookup(BOB));
    }

    @Test
    void anotherCountyOrTheOtherTopicIsRefused() {
        byte[] elsewhere = county.signerFor("430125", 1).snapshot(1, T0, new java.util.TreeMap<>(Map.of(ANN, RED)));
        assertEquals(Result.REFUSED_COUNTY, offerSnapshot(elsewhere));
        byte[] snapshot = county.snapshot(1, T0, Map.of(ANN, RED));
        assertEquals(Result.MALFORMED, list.offer(snapshot, Kind.DELTA).result());
        assertFalse(list.state().hasList());
    }

    @Test
    void theSameVersionSignedLaterOnlyRefreshesTheAge() throws IOException {
        offerSnapshot(county.snapshot(1, T0, Map.of(ANN, RED)));
        var appliedAt = list.state().appliedAt();
        clock.advance(Duration.ofHours(2));
        assertEquals(Duration.ofSeconds(7230), list.state().age().orElseThrow());

        assertEquals(Result.REFRESHED, offerSnapshot(county.snapshot(1, T0.plusSeconds(7200), Map.of(ANN, RED))));
        RiskListState state = list.state();
        assertEquals(Duration.ofSeconds(30), state.age().orElseThrow());
        assertEquals(appliedAt, state.appliedAt(), "a refresh applies nothing");
        assertEquals(1, state.version());

        RiskListState reopened = reopen().state();
        assertEquals(state.issuedAt(), reopened.issuedAt(), "the refresh was stored");
        assertEquals(appliedAt, reopened.appliedAt());
    }

    @Test
    void theSameVersionWithOtherEntriesSignedLaterReplacesTheList() {
        offerSnapshot(county.snapshot(1, T0, Map.of(ANN, RED)));
        assertEquals(Result.APPLIED, offerSnapshot(county.snapshot(1, T0.plusSeconds(60), Map.of(BOB, RED))));
        assertEquals(Optional.empty(), list.lookup(ANN));
        assertEquals(Optional.of(RED), list.lookup(BOB));
    }

    @Test
    void theListSurvivesAReopen() throws IOException {
        offerSnapshot(county.snapshot(1, T0, Map.of(ANN, RED, BOB, YELLOW)));
        offerDelta(county.delta(1, 2, T0.plusSeconds(60), Map.of(CAI, RED), Set.of()));
        offerDelta(county.delta(2, 4, T0.plusSeconds(120), Map.of(BOB, RED), Set.of(ANN)));
        RiskListState before = list.state();

        RiskList again = reopen();
        assertEquals(before, again.state());
        assertEquals(Optional.empty(), again.lookup(ANN));
        assertEquals(Optional.of(RED), again.lookup(BOB));
        assertEquals(Optional.of(RED), again.lookup(CAI));
        assertEquals(Result.APPLIED, again.offer(county.delta(4, 5, T0.plusSeconds(180), Map.of(ANN, YELLOW), Set.of()),
                Kind.DELTA).result(), "the chain goes on after a restart");
    }

    @Test
    void aNewSnapshotReplacesTheStoredDeltas() throws IOException {
        offerSnapshot(county.snapshot(1, T0, Map.of(ANN, RED)));
        offerDelta(county.delta(1, 2, T0, Map.of(BOB, RED), Set.of()));
        offerSnapshot(county.snapshot(3, T0, Map.of(CAI, RED)));
        try (var files = Files.list(dir)) {
            assertEquals(Set.of(RiskListStore.SNAPSHOT), files.map(p -> p.getFileName().toString())
                    .collect(java.util.stream.Collectors.toSet()));
        }
        assertEquals(Optional.empty(), reopen().lookup(BOB));
    }

    @Test
    void aTamperedStoredSnapshotIsRefusedAndTheListStartsEmpty() throws IOException {
        offerSnapshot(county.snapshot(1, T0, Map.of(ANN, RED, BOB, RED)));
        Path stored = dir.resolve(RiskListStore.SNAPSHOT);
        String text = Files.readString(stored);
        // Taking someone off the list by editing the card: the signature no longer holds.
        Files.writeString(stored, text.replace("[\"" + BOB + "\",\"red\"],", "").replace(",[\"" + BOB + "\",\"red\"]", ""));

        RiskList tampered = reopen();
        RiskListState state = tampered.state();
        assertFalse(state.hasList());
        assertTrue(state.problem().orElseThrow().contains(RiskListStore.SNAPSHOT), state.problem().toString());
        assertTrue(state.problem().orElseThrow().contains("refused_signature"), state.problem().toString());
        assertEquals(Optional.empty(), tampered.lookup(ANN));

        assertEquals(Result.APPLIED, tampered.offer(county.snapshot(1, T0, Map.of(ANN, RED, BOB, RED)), Kind.SNAPSHOT).result(),
                "the retained snapshot restores the list");
        assertEquals(Optional.empty(), tampered.state().problem());
        assertEquals(Optional.of(RED), tampered.lookup(BOB));
    }

    @Test
    void aTamperedStoredDeltaRefusesTheWholeList() throws IOException {
        offerSnapshot(county.snapshot(1, T0, Map.of(ANN, RED)));
        offerDelta(county.delta(1, 2, T0, Map.of(BOB, RED), Set.of()));
        Path delta = dir.resolve(String.format("delta-%020d.json", 2));
        Files.writeString(delta, Files.readString(delta).replace("\"red\"", "\"yellow\""));
        RiskListState state = reopen().state();
        assertFalse(state.hasList());
        assertTrue(state.problem().orElseThrow().contains(delta.getFileName().toString()), state.problem().toString());
    }

    @Test
    void aStoredFileThatIsNotTheTerminalsIsRefused() throws IOException {
        Files.writeString(dir.resolve(String.format("delta-%020d.json", 2)), "{}");
        assertTrue(reopen().state().problem().orElseThrow().contains("without a snapshot"));

        offerSnapshot(county.snapshot(1, T0, Map.of(ANN, RED)));
        Files.write(dir.resolve(RiskListStore.SNAPSHOT), new byte[(int) MessageCodec.maxPayloadBytes(10) + 1]);
        RiskList small = RiskList.open(dir, county.publicKey(), County.CODE, clock, 10);
        assertTrue(small.state().problem().orElseThrow().contains("larger than"), small.state().problem().toString());
    }

    @Test
    void leftoversOfAnInterruptedWriteAreCleanedUp() throws IOException {
        offerSnapshot(county.snapshot(1, T0, Map.of(ANN, RED)));
        byte[] delta = county.delta(1, 2, T0, Map.of(BOB, RED), Set.of());
        offerDelta(delta);
        offerSnapshot(county.snapshot(3, T0, Map.of(CAI, RED)));
        // As if the power went after the snapshot's rename but before its old deltas were deleted,
        // and during the write of another file.
        Files.write(dir.resolve(String.format("delta-%020d.json", 2)), delta);
        Files.writeString(dir.resolve("delta-00000000000000000004.json.tmp"), "{\"half");

        RiskList again = reopen();
        assertEquals(3, again.state().version());
        assertEquals(Optional.empty(), again.state().problem());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void aVersionThatCannotBeStoredDoesNotTakeEffect() throws IOException {
        offerSnapshot(county.snapshot(1, T0, Map.of(ANN, RED)));
        // A directory where the temporary file must go makes the write fail, whoever runs the test.
        Files.createDirectory(dir.resolve("delta-00000000000000000002.json.tmp"));
        Applied applied = list.offer(county.delta(1, 2, T0, Map.of(BOB, RED), Set.of()), Kind.DELTA);
        assertEquals(Result.STORAGE_FAILED, applied.result());
        assertEquals(1, list.state().version());
        assertEquals(Optional.empty(), list.lookup(BOB));
        assertTrue(list.state().gap());
        assertTrue(list.state().problem().isPresent());
        assertEquals(1, reopen().state().version());
    }

    @Test
    void sizeLimitsAreEnforcedWithAClearRefusal() throws IOException {
        RiskList small = RiskList.open(dir.resolve("small"), county.publicKey(), County.CODE, clock, 3);
        Map<String, org.onedoor.terminal.status.HealthStatus> four = Map.of(ANN, RED, BOB, RED, CAI, RED, pseudonym("dan"), RED);
        Applied tooMany = small.offer(county.snapshot(1, T0, four), Kind.SNAPSHOT);
        assertEquals(Result.REFUSED_SIZE, tooMany.result());
        assertTrue(tooMany.detail().contains("3 entries"), tooMany.detail());

        small.offer(county.snapshot(1, T0, Map.of(ANN, RED, BOB, RED)), Kind.SNAPSHOT);
        Applied wouldGrow = small.offer(county.delta(1, 2, T0, Map.of(CAI, RED, pseudonym("dan"), RED), Set.of()), Kind.DELTA);
        assertEquals(Result.REFUSED_SIZE, wouldGrow.result());
        assertTrue(small.state().gap(), "the list is now behind the county's");

        byte[] huge = new byte[(int) MessageCodec.maxPayloadBytes(3) + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        Applied tooBig = small.offer(huge, Kind.SNAPSHOT);
        assertEquals(Result.REFUSED_SIZE, tooBig.result());
        assertTrue(tooBig.detail().contains("bytes"), tooBig.detail());
    }

    @Test
    void hostileBytesNeverThrowAndNeverChangeTheList() {
        byte[] genuine = county.snapshot(1, T0, Map.of(ANN, RED, BOB, YELLOW));
        offerSnapshot(genuine);
        RiskListState before = list.state();
        java.util.Random random = new java.util.Random(5);
        int refused = 0;
        for (int i = 0; i < 1000; i++) {
            byte[] mutated = genuine.clone();
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            byte[] payload = i % 10 == 0 ? randomBytes(random) : mutated;
            Applied applied = list.offer(payload, i % 2 == 0 ? Kind.SNAPSHOT : Kind.DELTA);
            assertFalse(applied.tookEffect(), applied.toString());
            refused += applied.result() == Result.IGNORED ? 0 : 1;
        }
        assertEquals(before, list.state());
        System.out.println("RiskListTest: 1000 mutated or random payloads, " + refused + " refused, the rest ignored");
    }

    /**
     * Lanes look people up while the MQTT thread applies versions. Entries are only added here, and
     * one person's colour flips with every version: a reader that has seen version v must find
     * everyone added up to v, and must always find the flipping person, in one colour or the other.
     */
    @Test
    void lookupsDuringAppliesSeeWholeVersions() throws Exception {
        int versions = 60;
        String flipping = pseudonym("flip");
        offerSnapshot(county.snapshot(1, T0, Map.of(pseudonym("added-1"), RED, flipping, YELLOW)));
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong lookups = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newFixedThreadPool(3);
        java.util.List<java.util.concurrent.Future<?>> running = new java.util.ArrayList<>();
        for (int r = 0; r < 3; r++) {
            int seed = r;
            running.add(readers.submit(() -> {
                java.util.Random random = new java.util.Random(seed);
                while (!done.get()) {
                    long seen = list.state().version();
                    String added = pseudonym("added-" + (1 + random.nextInt((int) seen)));
                    assertEquals(Optional.of(RED), list.lookup(added), "added by version " + seen);
                    assertTrue(list.lookup(flipping).isPresent());
                    lookups.addAndGet(2);
                }
                return null;
            }));
        }
        long started = System.nanoTime();
        for (int v = 2; v <= versions; v++) {
            byte[] delta = county.delta(v - 1, v, T0, Map.of(pseudonym("added-" + v), RED, flipping, v % 2 == 0 ? RED : YELLOW),
                    Set.of());
            assertEquals(Result.APPLIED, offerDelta(delta));
        }
        long appliedNs = System.nanoTime() - started;
        done.set(true);
        for (var reader : running) {
            reader.get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        readers.shutdown();
        assertEquals(versions, list.state().version());
        assertEquals(versions + 1, list.state().entries());
        System.out.printf("RiskListTest: %d deltas applied and stored in %d ms while 3 threads made %d lookups%n",
                versions - 1, appliedNs / 1_000_000, lookups.get());
    }

    @Test
    void aLookupNeedsAPseudonymInItsOneSpelling() {
        assertThrows(IllegalArgumentException.class, () -> list.lookup(ANN.toUpperCase()));
        assertThrows(IllegalArgumentException.class, () -> list.lookup("430124199001010014"));
    }

    @Test
    void theCountyKeyMustBeEd25519() throws Exception {
        java.security.PublicKey rsa = java.security.KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic();
        assertThrows(IllegalArgumentException.class, () -> RiskList.open(dir, rsa, County.CODE, clock));
    }

    private static byte[] randomBytes(java.util.Random random) {
        byte[] bytes = new byte[random.nextInt(400)];
        random.nextBytes(bytes);
        return bytes;
    }

    private Result offerSnapshot(byte[] payload) {
        return list.offer(payload, Kind.SNAPSHOT).result();
    }

    private Result offerDelta(byte[] payload) {
        return list.offer(payload, Kind.DELTA).result();
    }

    private RiskList reopen() throws IOException {
        return RiskList.open(dir, county.publicKey(), County.CODE, clock);
    }
}
