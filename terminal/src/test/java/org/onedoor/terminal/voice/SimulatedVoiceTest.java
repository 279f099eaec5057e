package org.onedoor.terminal.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.drivers.testing.GpioTrace;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.daemon.Daemon;
import org.onedoor.terminal.standin.StandInHealthService;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.testing.InProcessGate;
import org.onedoor.terminal.testing.LedgerEvents;

/**
 * The simulated voice in the real daemon: each prompt is a line of the GPIO trace file, after the relay's own
 * line, so one file shows what the gate did and said, in order.
 */
class SimulatedVoiceTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String GREEN = "CB:GREEN0001";
    private static final String RED = "CB:RED000001";
    private static final int RELAY = 17;

    @TempDir
    Path dir;
    private StandInHealthService service;

    @BeforeEach
    void startService() throws Exception {
        service = new StandInHealthService(0, Optional.empty());
        service.register(GREEN, HealthStatus.GREEN, "GREEN0001", Duration.ofHours(1));
        service.register(RED, HealthStatus.RED, "RED000001", Duration.ofHours(1));
        service.start();
    }

    @AfterEach
    void stopService() {
        service.close();
    }

    @Test
    void eachOutcomeAndAScannerDownIsSpokenAfterTheRelayMoved() throws Exception {
        Path trace = dir.resolve("trace.jsonl");
        InProcessGate gate = new InProcessGate().healthService(service.port()).traceFile(trace)
                .voice(new TerminalConfig.Voice(true, AudioOutputKind.SIMULATED, "default", 100, clips()));
        try (Daemon daemon = gate.start(dir, null, false)) {
            assertEquals("granted", scanUntil(daemon, gate, GREEN, "green"));
            Await.until("granted said", WAIT, () -> prompts(trace).contains("granted"));
            assertEquals("refused", scanUntil(daemon, gate, RED, "red"));
            Await.until("refused said", WAIT, () -> prompts(trace).contains("refused"));
            gate.scanner().setAvailability(false, "port lost");
            Await.until("device fault said", WAIT, () -> prompts(trace).contains("device_fault"));
            gate.scanner().setAvailability(false, "still lost");

            assertEquals(List.of("granted", "refused", "device_fault"), prompts(trace).stream().distinct().toList());
            assertEquals(1, prompts(trace).stream().filter("device_fault"::equals).count(), "said once");
            long relayOn = GpioTrace.read(trace).stream().filter(e -> e.pin() == RELAY && e.active())
                    .mapToLong(GpioTrace.Event::tNanos).min().orElseThrow();
            long granted = promptLines(trace).stream().filter(l -> l.get("prompt").asText().equals("granted"))
                    .mapToLong(l -> l.get("t_ns").asLong()).min().orElseThrow();
            assertTrue(granted > relayOn, "the prompt comes after the relay");
            System.out.printf("SimulatedVoiceTest: prompt line %d us after the relay's%n", (granted - relayOn) / 1000);
        }
    }

    private static String scanUntil(Daemon daemon, InProcessGate gate, String code, String reason) {
        for (int attempt = 1; attempt <= 5; attempt++) {
            JsonNode entry = LedgerEvents.scan(daemon, gate, code);
            if (entry.get("reason").asText().equals(reason)) {
                return entry.get("result").asText();
            }
        }
        throw new AssertionError("no " + reason + " entry in 5 scans");
    }

    private static Map<Prompt, Clip> clips() throws Exception {
        Map<Prompt, Clip> clips = new EnumMap<>(Prompt.class);
        for (Prompt prompt : Prompt.values()) {
            clips.put(prompt, Clip.read(LaneVoiceTest.clip(prompt)));
        }
        return clips;
    }

    private static List<String> prompts(Path trace) {
        return promptLines(trace).stream().map(l -> l.get("prompt").asText()).toList();
    }

    private static List<JsonNode> promptLines(Path trace) {
        try {
            return Files.readAllLines(trace, StandardCharsets.UTF_8).stream().filter(l -> l.contains("\"prompt\":"))
                    .map(l -> LedgerEvents.read(l.getBytes(StandardCharsets.UTF_8))).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
