package org.onedoor.terminal.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.onedoor.drivers.testing.Await;
import org.onedoor.terminal.daemon.Daemon;

/** The events a daemon recorded, in their published form, whether the broker has them yet or not. */
public final class LedgerEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LedgerEvents() {
    }

    /** Every recorded event of {@code kind} ({@code entry}, {@code alert}, …), in seq order. */
    public static List<JsonNode> of(Daemon daemon, String kind) {
        return daemon.ledger().range(1, Long.MAX_VALUE).stream().filter(m -> m.topicSuffix().equals(kind))
                .map(m -> read(m.payload())).toList();
    }

    /** Hands {@code text} to the gate's scanner and returns the entry it led to. */
    public static JsonNode scan(Daemon daemon, InProcessGate gate, String text) {
        int before = of(daemon, "entry").size();
        gate.scanner().inject(text.getBytes(StandardCharsets.UTF_8));
        Await.until("the scan is recorded", Duration.ofSeconds(10), () -> of(daemon, "entry").size() > before);
        return of(daemon, "entry").get(before);
    }

    public static JsonNode read(byte[] payload) {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
