package org.onedoor.terminal.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.onedoor.terminal.lane.LatencyWindow;

/**
 * The retained payloads of {@code status} (the heartbeat) and {@code alert/active}; docs/schemas has their
 * schemas. Numbers and words only: no pseudonym, code or subject is ever in either.
 */
public final class StatusPayloads {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private StatusPayloads() {
    }

    /** The heartbeat, as docs/schemas/status.json describes it. */
    public static byte[] heartbeat(TerminalState s, String terminal, String venue, Instant now) {
        return heartbeat(s, terminal, venue, now, Map.of());
    }

    /** @param more fields another service reports, after the terminal's own (the enrollment's) */
    public static byte[] heartbeat(TerminalState s, String terminal, String venue, Instant now,
                                   Map<String, Object> more) {
        ObjectNode o = JSON.createObjectNode();
        o.put("ts", TS.format(now));
        o.put("terminal", terminal);
        o.put("venue", venue);
        o.put("version", s.version());
        o.put("boot", s.boot());
        o.put("uptime_s", s.uptimeMs() / 1000);
        o.put("mode", s.mode());
        o.put("clock_synced", s.clockSynced());
        ArrayNode lanes = o.putArray("lanes");
        s.lanes().forEach(lane -> lanes.add(lane(lane, now)));
        ObjectNode outbox = o.putObject("outbox");
        outbox.put("depth", s.outboxDepth());
        putAge(outbox, "oldest_unsent_age_s", s.outboxDepth() == 0 ? null : s.oldestUnsentAgeMs() / 1000);
        outbox.put("unrecorded", s.unrecorded());
        outbox.put("broker_connected", s.brokerConnected());
        o.putObject("cache").put("entries", Math.max(0, s.cacheSize()));
        if (s.riskList().isPresent()) {
            ObjectNode risk = o.putObject("risklist");
            risk.put("version", s.riskList().get().version());
            putAge(risk, "age_s", s.freshness().riskListAgeS());
            risk.put("entries", s.riskList().get().entries());
            risk.put("gap", s.riskList().get().gap());
            risk.put("stale", s.staleness().riskList());
        } else {
            o.putNull("risklist");
        }
        ObjectNode service = o.putObject("service");
        putAge(service, "last_success_age_s", s.freshness().serviceAgeS());
        service.put("breaker_open", s.serviceBreakerOpen());
        service.put("stale", s.staleness().service());
        o.put("trust_stale", s.staleness().trustList());
        ObjectNode latency = o.putObject("latency_us");
        latency.put("window_s", s.uptimeMs() / 1000);
        latency.put("count", s.latency().samples());
        putPercentile(latency, "p50", s.latency(), s.latency().p50Us());
        putPercentile(latency, "p99", s.latency(), s.latency().p99Us());
        putPercentile(latency, "max", s.latency(), s.latency().maxUs());
        more.forEach((field, value) -> o.set(field, JSON.valueToTree(value)));
        return bytes(o);
    }

    private static void putPercentile(ObjectNode o, String field, LatencyWindow.Percentiles p, long value) {
        if (p.samples() == 0) {
            o.putNull(field);
        } else {
            o.put(field, value);
        }
    }

    /** The open alerts, as docs/schemas/alert-active.json describes them; an empty list when all is clear. */
    public static byte[] activeAlerts(List<ActiveAlerts.Active> open, Instant now) {
        ObjectNode o = JSON.createObjectNode();
        o.put("ts", TS.format(now));
        ArrayNode alerts = o.putArray("alerts");
        for (ActiveAlerts.Active a : open) {
            ObjectNode alert = alerts.addObject();
            alert.put("type", a.type().wire());
            alert.put("severity", a.severity().wire());
            if (a.lane() != null) {
                alert.put("lane", a.lane());
            }
            alert.put("since", a.since());
            alert.put("seq", a.seq());
            alert.put("id", a.id());
            if (a.detail() != null && !a.detail().isEmpty()) {
                alert.set("detail", JSON.valueToTree(a.detail()));
            }
        }
        return bytes(o);
    }

    private static ObjectNode lane(LaneState lane, Instant now) {
        ObjectNode o = JSON.createObjectNode();
        o.put("lane", lane.lane());
        o.put("direction", lane.direction());
        ObjectNode scanner = o.putObject("scanner");
        scanner.put("state", lane.scanner().up() ? "up" : "down");
        scanner.put("detail", lane.scanner().detail());
        long last = lane.scanner().lastFrameEpochMs();
        putAge(scanner, "last_frame_age_s", last == 0 ? null : Math.max(0, (now.toEpochMilli() - last) / 1000));
        scanner.put("frames", lane.scanner().frames());
        scanner.put("errors", lane.scanner().errors());
        scanner.put("oversize", lane.scanner().oversize());
        scanner.put("stray_bytes", lane.scanner().noise());
        o.put("noise_frames", lane.noiseFrames());
        o.put("duplicates", lane.duplicates());
        o.put("unchecked_passages", lane.uncheckedPassages());
        ObjectNode outcomes = o.putObject("outcomes");
        lane.outcomes().forEach((key, count) -> {
            int colon = key.indexOf(':');
            outcomes.with(key.substring(0, colon)).put(key.substring(colon + 1), count);
        });
        return o;
    }

    private static void putAge(ObjectNode o, String field, Long ageS) {
        if (ageS == null) {
            o.putNull(field);
        } else {
            o.put(field, ageS);
        }
    }

    private static byte[] bytes(ObjectNode o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a status payload cannot be serialised", e);
        }
    }
}
