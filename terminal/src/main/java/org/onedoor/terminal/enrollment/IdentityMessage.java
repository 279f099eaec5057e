package org.onedoor.terminal.enrollment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The retained {@code {root}/{county}/{venue}/{terminal}/identity} message (docs/schemas/identity.json): who this
 * terminal is as the county approved it, and how its lanes serve the approved entrances. The administrator's
 * mobile number stays in the enrollment topics, which only the county reads: dashboards read this one.
 */
public final class IdentityMessage {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A lane as the identity shows it. */
    public record LaneEntrance(String lane, String entrance, String direction) {
    }

    private IdentityMessage() {
    }

    /** @param approval empty before the county approves: the message then says {@code "enrolled": false} */
    public static byte[] of(String county, String terminal, String venueId, Optional<EnrollmentAnswer> approval,
                            String version, String deviceKey, List<LaneEntrance> lanes, Instant now) {
        ObjectNode o = JSON.createObjectNode();
        o.put("ts", now.toString());
        o.put("county", county);
        o.put("terminal", terminal);
        o.put("venue", venueId);
        o.put("enrolled", approval.isPresent());
        if (approval.isPresent()) {
            VenueRecord v = approval.get().venue().orElseThrow();
            ObjectNode record = o.putObject("venue_record");
            record.put("name", v.name());
            record.put("category", v.category());
            record.put("division", v.division());
            record.put("address", v.address());
            record.put("lat", v.lat());
            record.put("lon", v.lon());
            record.put("admin_name", v.adminName());
            o.put("approved_at", approval.get().decidedAt().toString());
        } else {
            o.putNull("venue_record");
            o.putNull("approved_at");
        }
        ArrayNode entrances = o.putArray("entrances");
        approval.ifPresent(a -> a.entrances().forEach(e -> entrances.addObject().put("name", e.name())
                .put("code", e.code()).put("qr", e.qr())));
        o.put("version", version);
        o.put("device_key_sha256", DeviceKeys.fingerprint(deviceKey));
        ArrayNode laneArray = o.putArray("lanes");
        lanes.forEach(l -> laneArray.addObject().put("lane", l.lane()).put("entrance", l.entrance())
                .put("direction", l.direction()));
        try {
            return JSON.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the identity cannot be serialised", e);
        }
    }
}
