package org.onedoor.terminal.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.onedoor.terminal.privacy.KeyDerivation;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.privacy.SecretFiles;
import org.onedoor.terminal.risklist.Kind;
import org.onedoor.terminal.risklist.RiskListSigner;
import org.onedoor.terminal.risklist.SigningKeys;
import org.onedoor.terminal.signed.IssuerKeys;
import org.onedoor.terminal.signed.TrustListFile;
import org.onedoor.terminal.signed.TestCodes;
import org.onedoor.terminal.standin.StandInHealthService;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.testing.MosquittoBroker;

/**
 * Frame end to relay written, through a pseudo-terminal and the real daemon process, for four decision paths:
 * a warm status cache, the online service answering after a fixed delay, a person on the county's risk list, and
 * a signed code verified offline. One scan is in flight at a time; lanes take turns so that each scan meets an
 * idle lane with its relay at rest. docs/performance.md gives the method.
 */
final class FrameToRelayBenchmark implements Benchmark {
    static final String NAME = "frame-to-relay";
    /** As many lanes as the BCM pins 2 to 27 give a relay and a red lamp each: more lanes, shorter idle waits. */
    private static final int LANES = 13;
    private static final Duration SERVICE_DELAY = Duration.ofMillis(20);
    /**
     * Each scan waits until its lane is idle again, as at a gate where people arrive seconds apart: the scanner
     * thread is then asleep in poll(2) (docs/serial.md), so the figure includes waking it.
     */
    private static final Duration LANE_IDLE = Duration.ofMillis(250);
    /** The relay's 100 ms gap after a pulse, and a margin: a pulse asked for within the gap would be queued. */
    private static final Duration RELAY_REST = Duration.ofMillis(130);
    private static final Duration ACTUATION_TIMEOUT = Duration.ofSeconds(10);
    private static final int[] BAUDS = {9600, 115200};

    /** One scan: what the scanner sends, the outcome it must have, and the series its latency belongs to. */
    private record Scan(byte[] text, Expect expect, String series) {
    }

    /** The ledger's {@code result} and {@code source} for the scan; a refusal shows on the red lamp. */
    private record Expect(String result, String source) {
        boolean refusal() {
            return result.equals("refused");
        }
    }

    private static final Expect CACHED = new Expect("granted", "cache");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Figure> run(BenchOptions options) throws Exception {
        // A multiple of the lanes, so the risk list's warm-up, taken in turns by the lanes, reaches everyone.
        int people = LANES * (options.quick() ? 5 : 12);
        List<Figure> figures = new ArrayList<>();
        try (MosquittoBroker broker = new MosquittoBroker(MosquittoBroker.Persistence.IN_MEMORY).start();
             StandInHealthService service = new StandInHealthService(0, Optional.of("bench"))) {
            for (int p = 0; p < people; p++) {
                service.register(badge("BENCH", p), HealthStatus.GREEN, subject("BENCH", p), Duration.ofDays(1));
                service.register(badge("LISTED", p), HealthStatus.GREEN, subject("LISTED", p), Duration.ofDays(1));
            }
            service.start();
            Environment env = new Environment(options, service, broker, people);
            figures.addAll(env.cache());
            figures.addAll(env.online());
            figures.addAll(env.riskList());
            figures.addAll(env.signed());
        }
        return figures;
    }

    /** What every path shares: the options, the stand-in service and the broker. */
    private record Environment(BenchOptions options, StandInHealthService service, MosquittoBroker broker,
                               int people) {

        List<Figure> cache() throws Exception {
            service.setDelay(Duration.ZERO);
            return measure("cache", "strategy = \"cache-first\"", "",
                    i -> new Scan(badgeBytes("BENCH", i % people), CACHED, "cache"), people, options.scans(),
                    Map.of("strategy", "cache-first", "cache", "warm (one pass over the people first)"));
        }

        List<Figure> online() throws Exception {
            service.setDelay(SERVICE_DELAY);
            try {
                return measure("online", "strategy = \"online-first\"", "",
                        i -> new Scan(badgeBytes("BENCH", i % people), new Expect("granted", "online"), "online"),
                        people, options.scans(), Map.of("strategy", "online-first", "service_delay_ms",
                                SERVICE_DELAY.toMillis()));
            } finally {
                service.setDelay(Duration.ZERO);
            }
        }

        /**
         * A listed person is refused whatever the service says, and the refusal shows on the red lamp, which stays
         * lit for 3 s. So each lane alternates a listed person with one not listed: the grant turns the red lamp
         * off for the next refusal, and its own latency is a second series. The daemon takes twice the path's scans,
         * so that each series has about the full count.
         */
        List<Figure> riskList() throws Exception {
            Path dir = Files.createDirectories(options.workDir().resolve("risk-list"));
            byte[] master = new SecureRandom().generateSeed(32);
            SecretFiles.writeNewKey(dir.resolve("risklist.key"), KeyDerivation.riskListKey(master, BenchGate.COUNTY, 1));
            Pseudonymizer riskKey = new Pseudonymizer(KeyDerivation.riskListKey(master, BenchGate.COUNTY, 1));
            KeyPair county = SigningKeys.generate();
            TreeMap<String, HealthStatus> listed = new TreeMap<>();
            for (int p = 0; p < people; p++) {
                listed.put(riskKey.pseudonym(subject("LISTED", p)), HealthStatus.RED);
            }
            Instant issued = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
            publishRetained(Kind.SNAPSHOT.topic("onedoor/v1", BenchGate.COUNTY),
                    new RiskListSigner(county.getPrivate(), BenchGate.COUNTY, 1).snapshot(1, issued, listed));
            String section = """
                    [risklist]
                    public_key = "%s"
                    key_file = "risklist.key"
                    key_epoch = 1
                    """.formatted(SigningKeys.publicKeyText(county.getPublic()));
            Expect refusedByList = new Expect("refused", "risklist");
            try {
                return measure("risk-list", "strategy = \"cache-first\"", section, i -> {
                    int turn = i / LANES;
                    int person = (turn / 2 * LANES + i % LANES) % people;
                    return turn % 2 == 0 ? new Scan(badgeBytes("LISTED", person), refusedByList, "risk-list")
                            : new Scan(badgeBytes("BENCH", person), CACHED, "risk-list not listed");
                }, 2 * people, 2 * options.scans(), Map.of("listed", people, "strategy", "cache-first",
                        "delivered", "retained snapshot through the broker"));
            } finally {
                publishRetained(Kind.SNAPSHOT.topic("onedoor/v1", BenchGate.COUNTY), new byte[0]);
            }
        }

        List<Figure> signed() throws Exception {
            Path dir = Files.createDirectories(options.workDir().resolve("signed"));
            KeyPair issuer = IssuerKeys.generate();
            TestCodes.Signer signer = TestCodes.signer("ec-any");
            Instant now = Instant.now();
            Files.write(dir.resolve("trust.json"), TrustListFile.sign(List.of(signer.certificate()), 1,
                    now.minusSeconds(60), issuer.getPrivate()));
            byte[][] codes = new byte[people][];
            for (int p = 0; p < people; p++) {
                codes[p] = TestCodes.code(signer, TestCodes.claims(TestCodes.vaccination(2, 2), now.minusSeconds(3600),
                        now.plus(Duration.ofDays(365))).EncodeToBytes()).getBytes(StandardCharsets.US_ASCII);
            }
            String section = """
                    [signed]
                    trust_list = "trust.json"
                    trust_public_key = "%s"
                    """.formatted(SigningKeys.publicKeyText(issuer.getPublic()));
            return measure("signed", "strategy = \"cache-first\"", section,
                    i -> new Scan(codes[i % people], new Expect("granted", "signed"), "signed"), people,
                    options.scans(),
                    Map.of("codes", "HC1 vaccination, ES256, distinct per person"));
        }

        /** Runs {@code warmUp} scans that warm the cache and the JIT and are not counted, then {@code measured}. */
        private List<Figure> measure(String path, String health, String section, IntFunction<Scan> plan, int warmUp,
                                     int measured, Map<String, Object> conditions) throws Exception {
            Path dir = Files.createDirectories(options.workDir().resolve(path));
            try (BenchGate gate = new BenchGate(dir, LANES, service.port(), broker.url(), health, section)) {
                if (section.contains("[risklist]")) {
                    gate.awaitLog("risk list snapshot of");
                }
                Run run = new Run(gate, plan, warmUp, warmUp + measured);
                run.go();
                return run.figures(path, conditions);
            }
        }

        private void publishRetained(String topic, byte[] payload) throws Exception {
            try (MqttClient county = new MqttClient(broker.url(), "bench-county", new MemoryPersistence())) {
                county.connect();
                county.publish(topic, payload, 1, true);
                county.disconnect();
            }
        }
    }

    /** One daemon, one sequence of scans: the first {@code warmUp} are not counted. */
    private static final class Run {
        private final BenchGate gate;
        private final IntFunction<Scan> plan;
        private final int warmUp;
        private final int total;
        private final long[] nanos;
        private final Scan[] scans;

        Run(BenchGate gate, IntFunction<Scan> plan, int warmUp, int total) {
            this.gate = gate;
            this.plan = plan;
            this.warmUp = warmUp;
            this.total = total;
            this.nanos = new long[total];
            this.scans = new Scan[total];
        }

        void go() throws Exception {
            long[] lastFrame = new long[gate.lanes.size()];
            Arrays.fill(lastFrame, System.nanoTime() - LANE_IDLE.toNanos());
            try (TraceTail tail = new TraceTail(gate.trace)) {
                for (int i = 0; i < total; i++) {
                    int l = i % gate.lanes.size();
                    BenchGate.Lane lane = gate.lanes.get(l);
                    Scan scan = plan.apply(i);
                    scans[i] = scan;
                    int pin = scan.expect().refusal() ? lane.redPin() : lane.relayPin();
                    LockSupport.parkNanos(lastFrame[l] + LANE_IDLE.toNanos() - System.nanoTime());
                    // A refusal needs the red lamp dark to be seen; a grant turns it off, and needs the relay at rest.
                    tail.awaitRest(pin, pin == lane.redPin() ? Duration.ZERO : RELAY_REST, ACTUATION_TIMEOUT);
                    long atRest = System.nanoTime();
                    lane.send(scan.text());
                    long frameEnd = System.nanoTime();
                    nanos[i] = tail.awaitActivation(pin, atRest, ACTUATION_TIMEOUT) - frameEnd;
                    lastFrame[l] = frameEnd;
                }
            }
        }

        /** Checks every scan had the outcome of its path, then summarises each series. */
        List<Figure> figures(String path, Map<String, Object> conditions) throws Exception {
            gate.stopDaemon();
            List<String[]> rows = gate.ledger("SELECT result, source, latency_us FROM events WHERE kind = 'entry'"
                    + " ORDER BY seq", rs -> {
                        List<String[]> out = new ArrayList<>();
                        while (rs.next()) {
                            out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                        }
                        return out;
                    });
            if (rows.size() != total) {
                throw new IllegalStateException(path + ": " + total + " scans sent, " + rows.size() + " entries recorded");
            }
            Map<String, List<Long>> endToEnd = new LinkedHashMap<>();
            Map<String, List<Long>> inDaemon = new LinkedHashMap<>();
            Map<String, List<Long>> pickUp = new LinkedHashMap<>();
            Map<String, Integer> frameBytes = new LinkedHashMap<>();
            for (int i = warmUp; i < total; i++) {
                Scan scan = scans[i];
                String[] row = rows.get(i);
                if (!row[0].equals(scan.expect().result()) || !row[1].equals(scan.expect().source())) {
                    throw new IllegalStateException(path + ": scan " + i + " expected " + scan.expect() + ", was "
                            + row[0] + "/" + row[1]);
                }
                endToEnd.computeIfAbsent(scan.series(), s -> new ArrayList<>()).add(nanos[i]);
                List<Long> recorded = inDaemon.computeIfAbsent(scan.series(), s -> new ArrayList<>());
                List<Long> serial = pickUp.computeIfAbsent(scan.series(), s -> new ArrayList<>());
                if (row[2] != null) {
                    long daemonNanos = Long.parseLong(row[2]) * 1000;
                    recorded.add(daemonNanos);
                    serial.add(nanos[i] - daemonNanos);
                }
                frameBytes.put(scan.series(), BenchGate.frame(scan.text()).length);
            }
            List<Figure> figures = new ArrayList<>();
            endToEnd.forEach((series, samples) -> figures.addAll(summary(series, samples, inDaemon.get(series),
                    pickUp.get(series), frameBytes.get(series), conditions, gate.lanes.size())));
            return figures;
        }
    }

    /**
     * {@code pickUp}, per scan, is the end-to-end latency minus the daemon's own: the pseudo-terminal and the
     * scanner thread noticing the frame, what docs/serial.md is about, apart from the ledger and the decision.
     */
    private static List<Figure> summary(String series, List<Long> endToEnd, List<Long> inDaemon, List<Long> pickUp,
                                        int frameBytes, Map<String, Object> pathConditions, int lanes) {
        Map<String, Object> conditions = new LinkedHashMap<>(pathConditions);
        conditions.put("scans", endToEnd.size());
        conditions.put("lanes", lanes);
        conditions.put("relay_pulse_ms", BenchGate.PULSE_MS);
        conditions.put("actuation", series.equals("risk-list") ? "red lamp on" : "relay on");
        conditions.put("frame_bytes", frameBytes);
        conditions.put("in_daemon_samples", inDaemon.size());
        long[] e = sorted(endToEnd);
        long[] d = sorted(inDaemon);
        long[] u = sorted(pickUp);
        List<Figure> figures = new ArrayList<>(List.of(
                ms(series + " p50", percentile(e, 0.50), conditions),
                ms(series + " p99", percentile(e, 0.99), conditions),
                ms(series + " p99.9", percentile(e, 0.999), conditions),
                ms(series + " max", e[e.length - 1], conditions),
                ms(series + " in-daemon p50", percentile(d, 0.50), conditions),
                ms(series + " in-daemon p99", percentile(d, 0.99), conditions),
                ms(series + " pick-up p50", percentile(u, 0.50), conditions),
                ms(series + " pick-up p99", percentile(u, 0.99), conditions),
                ms(series + " pick-up max", u[u.length - 1], conditions)));
        for (int baud : BAUDS) {
            figures.add(new Figure(NAME, series + " wire " + baud, frameBytes * 10 * 1000.0 / baud, "ms",
                    Map.of("frame_bytes", frameBytes, "framing", "8N1, 10 bits a byte")));
        }
        return figures;
    }

    private static Figure ms(String name, long nanos, Map<String, Object> conditions) {
        return new Figure(NAME, name, nanos / 1e6, "ms", conditions);
    }

    private static long[] sorted(List<Long> samples) {
        long[] a = samples.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a;
    }

    /** Nearest rank: the smallest sample at or above a fraction {@code p} of them. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    private static String subject(String prefix, int person) {
        return String.format("%s%08d", prefix, person);
    }

    private static String badge(String prefix, int person) {
        return "CB:" + subject(prefix, person);
    }

    private static byte[] badgeBytes(String prefix, int person) {
        return badge(prefix, person).getBytes(StandardCharsets.US_ASCII);
    }
}
