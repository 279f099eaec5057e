package org.onedoor.terminal.bench;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.onedoor.terminal.signed.DccCorpus;
import org.onedoor.terminal.signed.SignedCodeVerifier;
import org.onedoor.terminal.signed.SigningCertificate;
import org.onedoor.terminal.signed.TrustList;

/**
 * Signed-code verifications per second over the corpus, on one thread, with one trust list of every corpus
 * certificate, each code at its own validation clock: a warm-up, then a timed run (docs/signed-codes.md).
 */
public final class SignedVerifyBenchmark implements Benchmark {
    private static final String NAME = "signed-verify";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Figure> run(BenchOptions options) {
        double warmUpSeconds = options.quick() ? 1 : 5;
        double measureSeconds = options.quick() ? 2 : 10;
        List<DccCorpus.Case> cases = DccCorpus.load();
        List<SigningCertificate> certificates = cases.stream().flatMap(c -> c.certificate().stream()).toList();
        SignedCodeVerifier verifier = new SignedCodeVerifier(TrustList.of(certificates));
        run(verifier, cases, warmUpSeconds);
        Pass measured = run(verifier, cases, measureSeconds);
        Map<String, Object> conditions = Map.of("threads", 1, "warm_up_s", warmUpSeconds, "measured_s",
                measureSeconds, "corpus_codes", cases.size(), "cores", Runtime.getRuntime().availableProcessors(),
                "load_average", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        double seconds = measured.nanos() / 1e9;
        return List.of(
                new Figure(NAME, "verifications", measured.done() / seconds, "/s", conditions),
                new Figure(NAME, "time per verification", measured.nanos() / 1e3 / measured.done(), "us",
                        conditions),
                new Figure(NAME, "corpus codes", cases.size(), "codes", conditions),
                new Figure(NAME, "valid at their clock", measured.validPerPass(), "codes", conditions));
    }

    /** Verifications done, nanoseconds taken, and how many codes of one pass were valid. */
    private record Pass(long done, long nanos, long validPerPass) {
    }

    private static Pass run(SignedCodeVerifier verifier, List<DccCorpus.Case> cases, double seconds) {
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
        return new Pass(done, System.nanoTime() - start, valid);
    }
}
