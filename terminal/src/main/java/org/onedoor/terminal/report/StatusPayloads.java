package org.onedoor.terminal.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.onedoor.terminal.daemon.LaneState;
import org.onedoor.terminal.daemon.TerminalState;

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

    public static byte[] heartbeat(TerminalState s, String terminal, String venue, Instant now) {
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
        s.lanes().forEach(lane -> lanes.add(lane(lane)));
        ObjectNode outbox = o.putObject("outbox");
        outbox.put("depth", s.outboxDepth());
        outbox.put("oldest_unsent_age_s", s.oldestUnsentAgeMs() / 1000);
        outbox.put("unrecorded", s.unrecorded());
        ObjectNode service = o.putObject("service");
        putAge(service, "last_success_age_s", s.freshness().serviceAgeS());
        service.put("breaker_open", s.serviceBreakerOpen());
        service.put("stale", s.staleness().service());
        o.put("cache_size", s.cacheSize());
        ObjectNode risk = o.putObject("risklist");
        risk.put("configured", s.riskList().isPresent());
        s.riskList().ifPresent(list -> {
            risk.put("version", list.version());
            risk.put("entries", list.entries());
            risk.put("gap", list.gap());
        });
        putAge(risk, "age_s", s.freshness().riskListAgeS());
        risk.put("stale", s.staleness().riskList());
        ObjectNode outcomes = o.putObject("outcomes");
        s.outcomes().forEach(outcomes::put);
        ObjectNode latency = o.putObject("latency_ms");
        latency.put("samples", s.latency().samples());
        latency.put("p50", s.latency().p50Us() / 1000.0);
        latency.put("p99", s.latency().p99Us() / 1000.0);
        latency.put("max", s.latency().maxUs() / 1000.0);
        return bytes(o);
    }

    public static byte[] activeAlerts(List<ActiveAlerts.Active> open, String terminal, String venue, Instant now) {
        ObjectNode o = JSON.createObjectNode();
        o.put("ts", TS.format(now));
        o.put("terminal", terminal);
        o.put("venue", venue);
        ArrayNode alerts = o.putArray("alerts");
        for (ActiveAlerts.Active a : open) {
            ObjectNode alert = alerts.addObject();
            alert.put("type", a.type());
            alert.put("severity", a.severity());
            if (a.lane() != null) {
                alert.put("lane", a.lane());
            }
            alert.put("since", TS.format(a.since()));
            if (a.detail() != null && !a.detail().isEmpty()) {
                alert.set("detail", JSON.valueToTree(a.detail()));
            }
        }
        return bytes(o);
    }

    private static ObjectNode lane(LaneState lane) {
        ObjectNode o = JSON.createObjectNode();
        o.put("lane", lane.lane());
        o.put("scanner", lane.scanner().up() ? "up" : "down");
        o.put("scanner_detail", lane.scanner().detail());
        o.put("frames", lane.scanner().frames());
        o.put("scanner_errors", lane.scanner().errors());
        o.put("noise_frames", lane.noiseFrames());
        if (lane.scanner().lastFrameEpochMs() > 0) {
            o.put("last_frame", TS.format(Instant.ofEpochMilli(lane.scanner().lastFrameEpochMs())));
        }
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
