package org.onedoor.terminal.county.enroll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.onedoor.terminal.enrollment.EnrollmentAnswer;
import org.onedoor.terminal.enrollment.EnrollmentRequest;
import org.onedoor.terminal.enrollment.VenueRecord;

/**
 * The county's standing register (台账) of venues, entrances and terminals, built from the broker's retained
 * messages: requests and answers ({@link EnrollmentBook}), and each terminal's {@code identity}, {@code status}
 * (the heartbeat) and {@code availability}. One row per terminal, with its venue's survey columns (the seeds'
 * 申领摸底表) and its own state, and the flags county staff act on.
 */
public final class Register {
    /** The columns, as the seeds' survey form names them, then the terminal's. */
    public static final List<String> HEADER = List.of("序号", "场所名称", "管理员姓名", "联系方式", "场所地址", "入口个数",
            "场所入口名称", "场所ID", "终端", "审核状态", "在线", "心跳距今", "待发送", "数据过期", "今日未核验通行", "提示");
    static final Duration DAY = Duration.ofHours(24);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a row flags; the word in parentheses is for people, the code for scripts. */
    public enum Flag {
        PENDING_OVER_24H("pending_24h", "待审核超过24小时"),
        OFFLINE_OVER_24H("offline_24h", "离线超过24小时"),
        ENTRANCE_NOT_SERVED("entrance_gap", "一门一码缺口"),
        UNCHECKED_PASSAGES("unchecked_today", "今日有未核验通行");

        private final String code;
        private final String label;

        Flag(String code, String label) {
            this.code = code;
            this.label = label;
        }

        public String code() {
            return code;
        }

        public String label() {
            return label;
        }
    }

    /** One terminal's line of the register. */
    public record Row(int number, String venueName, String adminName, String adminMobile, String address,
                      List<String> entrances, String venueId, String terminal, EnrollmentBook.State state,
                      Optional<Boolean> online, Optional<Duration> heartbeatAge, Optional<Long> outboxDepth,
                      Optional<Boolean> stale, Optional<Long> uncheckedToday, List<String> flags) {
        List<String> cells() {
            return List.of(Integer.toString(number), venueName, adminName, adminMobile, address,
                    Integer.toString(entrances.size()), String.join("、", entrances), venueId, terminal,
                    state.label(), online.map(o -> o ? "在线" : "离线").orElse("—"),
                    heartbeatAge.map(Register::age).orElse("—"), outboxDepth.map(String::valueOf).orElse("—"),
                    stale.map(s -> s ? "是" : "否").orElse("—"), uncheckedToday.map(String::valueOf).orElse("—"),
                    String.join("; ", flags));
        }
    }

    /** A terminal's retained state: its identity, heartbeat and availability, wherever its venue level is. */
    private record Heard(Optional<JsonNode> identity, Optional<JsonNode> status, Optional<String> availability) {
    }

    private final List<Row> rows;

    private Register(List<Row> rows) {
        this.rows = rows;
    }

    public List<Row> rows() {
        return rows;
    }

    /**
     * @param retained every retained message under {@code {root}/{county}/#}
     */
    public static Register of(EnrollmentBook book, Map<String, byte[]> retained, String root, String county,
                              Instant now) {
        Map<String, Heard> heard = heard(retained, root + "/" + county + "/");
        Map<String, List<EnrollmentBook.Application>> byVenue = new LinkedHashMap<>();
        Map<String, VenueRecord> records = new LinkedHashMap<>();
        book.venues().forEach((id, v) -> {
            byVenue.put(id, new ArrayList<>());
            records.put(id, v.record());
        });
        for (EnrollmentBook.Application app : book.applications()) {
            Optional<String> approved = app.approval().flatMap(EnrollmentAnswer::venueId);
            // A venue not approved yet is known by its name and village until the county gives it an id.
            String key = approved.orElseGet(() -> app.request().map(r -> "(" + r.venue().division() + " "
                    + r.venue().name() + ")").orElse("(" + app.terminal() + ")"));
            byVenue.computeIfAbsent(key, k -> new ArrayList<>()).add(app);
            app.request().ifPresent(r -> records.putIfAbsent(key, r.venue()));
        }
        List<Row> rows = new ArrayList<>();
        int number = 0;
        for (var venue : byVenue.entrySet()) {
            number++;
            boolean approvedVenue = book.venues().containsKey(venue.getKey());
            List<String> entrances = approvedVenue
                    ? new ArrayList<>(book.venues().get(venue.getKey()).entrances().keySet())
                    : venue.getValue().stream().flatMap(a -> a.request().map(EnrollmentRequest::entrances)
                            .orElse(List.of()).stream()).distinct().toList();
            Set<String> gaps = approvedVenue ? gaps(entrances, venue.getValue(), heard) : Set.of();
            VenueRecord record = records.get(venue.getKey());
            for (EnrollmentBook.Application app : venue.getValue()) {
                rows.add(row(number, record, entrances, approvedVenue ? venue.getKey() : "—", app,
                        heard.getOrDefault(app.terminal(), new Heard(Optional.empty(), Optional.empty(),
                                Optional.empty())), gaps, now));
            }
        }
        return new Register(rows);
    }

    private static Row row(int number, VenueRecord record, List<String> entrances, String venueId,
                           EnrollmentBook.Application app, Heard heard, Set<String> gaps, Instant now) {
        Optional<Boolean> online = heard.availability().map("online"::equals);
        Optional<Duration> age = heard.status().flatMap(s -> instant(s.path("ts").asText()))
                .map(ts -> Duration.between(ts, now).isNegative() ? Duration.ZERO : Duration.between(ts, now));
        Optional<Long> depth = heard.status().map(s -> s.path("outbox").path("depth")).filter(JsonNode::isNumber)
                .map(JsonNode::asLong);
        Optional<Boolean> stale = heard.status().map(s -> s.path("service").path("stale").asBoolean(false)
                || s.path("risklist").path("stale").asBoolean(false) || s.path("trust_stale").asBoolean(false));
        Optional<Long> unchecked = heard.status().flatMap(Register::uncheckedToday);
        List<String> flags = new ArrayList<>();
        if (app.state() == EnrollmentBook.State.PENDING && app.request()
                .map(r -> r.requestedAt().isBefore(now.minus(DAY))).orElse(false)) {
            flags.add(flag(Flag.PENDING_OVER_24H, ""));
        }
        if (!online.orElse(false) && age.map(a -> a.compareTo(DAY) > 0).orElse(app.approval().isPresent())) {
            flags.add(flag(Flag.OFFLINE_OVER_24H, ""));
        }
        if (!gaps.isEmpty()) {
            flags.add(flag(Flag.ENTRANCE_NOT_SERVED, String.join("、", gaps)));
        }
        if (unchecked.orElse(0L) > 0) {
            flags.add(flag(Flag.UNCHECKED_PASSAGES, Long.toString(unchecked.get())));
        }
        app.answerProblem().ifPresent(flags::add);
        app.problems().forEach(flags::add);
        return new Row(number, record == null ? "—" : record.name(), record == null ? "—" : record.adminName(),
                record == null ? "—" : record.adminMobile(), record == null ? "—" : record.address(), entrances,
                venueId, app.terminal(), app.state(), online, age, depth, stale, unchecked, flags);
    }

    /** The approved entrances that no lane of an online terminal of the venue serves (一门一码). */
    private static Set<String> gaps(List<String> entrances, List<EnrollmentBook.Application> apps,
                                    Map<String, Heard> heard) {
        Set<String> served = new LinkedHashSet<>();
        for (EnrollmentBook.Application app : apps) {
            Heard h = heard.get(app.terminal());
            if (h != null && h.availability().map("online"::equals).orElse(false) && h.identity().isPresent()) {
                h.identity().get().path("lanes").forEach(lane -> served.add(lane.path("entrance").asText()));
            }
        }
        Set<String> gaps = new LinkedHashSet<>(entrances);
        gaps.removeAll(served);
        return gaps;
    }

    /**
     * The lanes' {@code unchecked_passages} in the heartbeat, summed. Each lane counts from its terminal's start, so
     * on a terminal that ran through midnight this is more than today's.
     */
    private static Optional<Long> uncheckedToday(JsonNode status) {
        long sum = 0;
        boolean any = false;
        for (JsonNode lane : status.path("lanes")) {
            if (lane.path("unchecked_passages").isIntegralNumber()) {
                sum += lane.path("unchecked_passages").asLong();
                any = true;
            }
        }
        return any ? Optional.of(sum) : Optional.empty();
    }

    private static Map<String, Heard> heard(Map<String, byte[]> retained, String prefix) {
        Map<String, Map<String, byte[]>> byTerminal = new TreeMap<>();
        retained.forEach((topic, payload) -> {
            if (!topic.startsWith(prefix)) {
                return;
            }
            String[] levels = topic.substring(prefix.length()).split("/", -1);
            if (levels.length == 3 && !levels[0].equals("enroll")) {
                byTerminal.computeIfAbsent(levels[1], t -> new TreeMap<>()).merge(levels[2], payload,
                        (old, next) -> newer(old, next));
            }
        });
        Map<String, Heard> heard = new TreeMap<>();
        byTerminal.forEach((terminal, topics) -> heard.put(terminal, new Heard(json(topics.get("identity")),
                json(topics.get("status")), Optional.ofNullable(topics.get("availability"))
                        .map(b -> new String(b, StandardCharsets.UTF_8).strip()))));
        return heard;
    }

    /** A terminal that moved to its approved venue id leaves its old retained messages: the later one counts. */
    private static byte[] newer(byte[] a, byte[] b) {
        Optional<Instant> ta = json(a).flatMap(n -> instant(n.path("ts").asText()));
        Optional<Instant> tb = json(b).flatMap(n -> instant(n.path("ts").asText()));
        return ta.isPresent() && tb.isPresent() && ta.get().isAfter(tb.get()) ? a : b;
    }

    private static Optional<JsonNode> json(byte[] payload) {
        if (payload == null) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(payload);
            return n != null && n.isObject() ? Optional.of(n) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String flag(Flag flag, String detail) {
        return flag.code() + " " + flag.label() + (detail.isEmpty() ? "" : ": " + detail);
    }

    static String age(Duration d) {
        if (d.compareTo(Duration.ofMinutes(1)) < 0) {
            return d.toSeconds() + " s";
        }
        if (d.compareTo(Duration.ofHours(2)) < 0) {
            return d.toMinutes() + " min";
        }
        return d.toHours() + " h";
    }

    /** The table as text, columns separated by two spaces (Chinese text is two columns wide on a terminal). */
    public String table() {
        StringBuilder s = new StringBuilder(String.join("  ", HEADER)).append('\n');
        rows.forEach(r -> s.append(String.join("  ", r.cells())).append('\n'));
        return s.toString();
    }

    /** RFC 4180 CSV, UTF-8 with a byte-order mark (so spreadsheets read it as UTF-8), CRLF line ends. */
    public byte[] csv() {
        StringBuilder s = new StringBuilder("\uFEFF");
        s.append(csvLine(HEADER));
        rows.forEach(r -> s.append(csvLine(r.cells())));
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String csvLine(List<String> cells) {
        List<String> quoted = new ArrayList<>();
        for (String cell : cells) {
            // A leading = + - @ would be a formula to a spreadsheet: the register holds no formulas.
            String safe = !cell.isEmpty() && "=+-@".indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
            quoted.add("\"" + safe.replace("\"", "\"\"") + "\"");
        }
        return String.join(",", quoted) + "\r\n";
    }
}
