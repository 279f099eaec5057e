package org.onedoor.terminal.bench;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.onedoor.terminal.signed.DccCorpus;
import org.onedoor.terminal.signed.SignedCodeVerifier;
import org.onedoor.terminal.signed.SigningCertificate;
import org.onedoor.terminal.signed.TrustList;

/**
 * Verifications per second over the corpus, on one thread, with one trust list of every corpus
 * certificate: a warm-up, then a timed run. Not a test; {@code mvn -B -pl terminal -am verify
 * -Pbench -DskipTests} runs it (docs/signed-codes.md).
 */
public final class SignedVerifyBenchmark {
    private SignedVerifyBenchmark() {
    }

    public static void main(String[] args) {
        double warmUpSeconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        double measureSeconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        List<DccCorpus.Case> cases = DccCorpus.load();
        List<SigningCertificate> certificates = cases.stream().flatMap(c -> c.certificate().stream()).toList();
        SignedCodeVerifier verifier = new SignedCodeVerifier(TrustList.of(certificates));
        run(verifier, cases, warmUpSeconds);
        long[] counts = run(verifier, cases, measureSeconds);
        System.out.printf("SignedVerifyBenchmark: %d corpus codes (%d valid at their clock), one thread, %.0f s: "
                + "%.0f verifications/s (%.1f us each); %d cores, load average %.1f%n", cases.size(), counts[2],
                measureSeconds, counts[0] / (counts[1] / 1e9), counts[1] / 1e3 / counts[0],
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** Returns verifications done, nanoseconds taken, and how many codes of one pass were valid. */
    private static long[] run(SignedCodeVerifier verifier, List<DccCorpus.Case> cases, double seconds) {
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long done = 0;
        long valid = 0;
        while (System.nanoTime() < deadline) {
            valid = 0;
            for (DccCorpus.Case c : cases) {
                if (verifier.verify(c.code(), c.clock()).valid()) {
                    valid++;
                }
                done++;
            }
        }
        return new long[] {done, System.nanoTime() - start, valid};
    }
}
