package org.onedoor.terminal.risklist;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Run in a child JVM with the daemon's heap flags by {@link RiskListCapacityTest}: takes a stored
 * snapshot and delta through a risk list and prints what it cost. Exits 0 only if both applied and
 * a reopen verified them again.
 */
public final class CapacityProbe {
    private CapacityProbe() {
    }

    /** Arguments: the directory holding {@code public.txt}, {@code snapshot.json} and {@code delta.json}. */
    public static void main(String[] args) throws Exception {
        Path in = Path.of(args[0]);
        int maxEntries = Integer.parseInt(args[1]);
        var key = SigningKeys.publicKeyFromText(Files.readString(in.resolve("public.txt")));
        Path dir = in.resolve("list");
        RiskList list = RiskList.open(dir, key, County.CODE, Clock.systemUTC(), maxEntries);

        long t0 = System.nanoTime();
        Applied snapshot = list.offer(Files.readAllBytes(in.resolve("snapshot.json")), Kind.SNAPSHOT);
        long t1 = System.nanoTime();
        Applied delta = list.offer(Files.readAllBytes(in.resolve("delta.json")), Kind.DELTA);
        long t2 = System.nanoTime();
        RiskListState held = list.state();
        list = null; // a restarted daemon holds one list, not two
        RiskList reopened = RiskList.open(dir, key, County.CODE, Clock.systemUTC(), maxEntries);
        long t3 = System.nanoTime();
        String[] people = new String[1000];
        for (int i = 0; i < people.length; i++) {
            people[i] = County.pseudonym("person-" + (i * 37));
        }
        int hits = 0;
        long t4 = System.nanoTime();
        for (int i = 0; i < 1_000_000; i++) {
            hits += reopened.lookup(people[i % people.length]).isPresent() ? 1 : 0;
        }
        long lookupNs = (System.nanoTime() - t4) / 1_000_000;
        System.gc();
        long retained = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        System.out.printf("snapshot %s in %d ms; delta %s in %d ms; reopen and verify in %d ms;"
                        + " %d ns per lookup (%d hits in 1,000,000); heap in use after GC %d KiB%n",
                snapshot.result().wireName(), (t1 - t0) / 1_000_000, delta.result().wireName(), (t2 - t1) / 1_000_000,
                (t3 - t2) / 1_000_000, lookupNs, hits, retained / 1024);
        boolean ok = snapshot.result() == Applied.Result.APPLIED && delta.result() == Applied.Result.APPLIED
                && sameList(held, reopened.state());
        System.exit(ok ? 0 : 1);
    }

    /** The same list, applied at the same time; the age moves on with the clock. */
    private static boolean sameList(RiskListState a, RiskListState b) {
        return a.version() == b.version() && a.entries() == b.entries() && a.appliedAt().equals(b.appliedAt())
                && a.issuedAt().equals(b.issuedAt());
    }
}
