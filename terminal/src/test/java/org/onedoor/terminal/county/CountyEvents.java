package org.onedoor.terminal.county;

import java.time.Instant;
import java.util.UUID;

/** Terminal event payloads as docs/mqtt.md gives them, for the county's tests and benchmarks. */
public final class CountyEvents {
    private CountyEvents() {
    }

    public static String entry(String terminal, String venue, long seq, long boot, long monoMs, Instant ts, boolean synced,
            String subject) {
        return common(terminal, venue, seq, boot, monoMs, ts, synced)
                + ",\"entrance\":\"东门\",\"lane\":\"east\",\"direction\":\"entry\",\"result\":\"granted\",\"reason\":\"green\","
                + "\"status\":\"green\",\"source\":\"online\",\"subject\":\"" + subject + "\",\"latency_us\":2140,"
                + "\"mode\":\"strict\",\"status_age_s\":0,\"risklist_age_s\":null,\"service_age_s\":0}";
    }

    public static String clock(String terminal, String venue, long seq, long boot, long monoMs, Instant ts, long correctionMs) {
        return common(terminal, venue, seq, boot, monoMs, ts, true) + ",\"detail\":{\"correction_ms\":" + correctionMs + "}}";
    }

    public static String alert(String terminal, String venue, long seq, long boot, long monoMs, Instant ts) {
        return common(terminal, venue, seq, boot, monoMs, ts, true)
                + ",\"type\":\"scanner_up\",\"severity\":\"info\",\"lane\":\"east\",\"detail\":{\"detail\":\"/dev/ttyUSB0\"}}";
    }

    private static String common(String terminal, String venue, long seq, long boot, long monoMs, Instant ts, boolean synced) {
        return "{\"id\":\"" + UUID.randomUUID() + "\",\"seq\":" + seq + ",\"ts\":\"" + ts + "\",\"boot\":" + boot
                + ",\"mono_ms\":" + monoMs + ",\"clock_synced\":" + synced + ",\"terminal\":\"" + terminal
                + "\",\"venue\":\"" + venue + "\"";
    }
}
