package org.onedoor.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onedoor.terminal.e2e.GateRig.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.drivers.testing.GpioTrace;
import org.onedoor.drivers.testing.IdCardEmulator;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.testing.DaemonProcess;
import org.onedoor.terminal.testing.ProjectFiles;
import org.onedoor.terminal.voice.Clip;
import org.onedoor.terminal.voice.Prompt;

/**
 * The voice prompts through the real daemon and real {@code aplay}: an ALSA configuration whose default device is
 * the {@code file} plugin over {@code null}, so every sample aplay plays lands in a file the test reads back.
 */
class VoiceEndToEndTest {
    private static final String GREEN_URL = "https://hc.example.gov.cn/c/GreenGreenGreen0001";
    private static final String RED_URL = "https://hc.example.gov.cn/c/RedRedRedRed00003";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern STARTED = Pattern.compile("voice east: granted started \\d+ us after it was asked "
            + "for \\(t_ns (\\d+)\\)");
    private static final int TIMED_GRANTS = 20;
    /** Longer than the gap the relay keeps after a pulse (LineRelay.GAP_MS, 100 ms). */
    private static final long RELAY_GAP_NANOS = 200_000_000L;

    @TempDir
    Path dir;
    private GateRig rig;

    @AfterEach
    void tearDown() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void theGrantedClipPlaysAfterAGrantAndTheRefusedClipAfterARed() throws Exception {
        Path played = dir.resolve("played.raw");
        rig = voiceRig("default", played);
        rig.startDaemon();

        scanUntil(GREEN_URL, "green");
        Await.until("the granted clip played", WAIT, () -> playedStartsWith(played, Prompt.GRANTED));
        scanUntil(RED_URL, "red");
        Await.until("the refused clip played", WAIT, () -> playedStartsWith(played, Prompt.REFUSED));

        assertEquals(List.of(), rig.rows("alert").stream().filter(a -> "voice_down".equals(a.get("alert_type")))
                .toList(), "the device plays");
        printStartDelays();
    }

    @Test
    void aMissingDeviceLeavesEveryDecisionAsItWasAndIsReportedOnce() throws Exception {
        rig = voiceRig("no-such-card", dir.resolve("played.raw"));
        rig.startDaemon();

        scanUntil(GREEN_URL, "green");
        scanUntil(RED_URL, "red");
        scanUntil(GREEN_URL, "green");
        Await.until("voice_down", WAIT, () -> voiceDowns().size() == 1);
        // A prompt that a newer one replaces before the lane's voice gets to it is never tried: at least two
        // failed attempts show that failures after the first are not reported again.
        Await.until("prompts tried and failed", WAIT, () -> count(rig.logText(), " not played: ") >= 2);

        List<String> granted = results().stream().filter("granted"::equals).toList();
        assertEquals(2, granted.size(), "both greens granted, the red refused: " + results());
        assertEquals(2, relayOns().size(), "both grants pulsed");
        assertEquals(1, voiceDowns().size(), "reported once, however many prompts fail");
        assertEquals(1, count(rig.logText(), "cannot play"), "one warning in the log");
        assertTrue(((String) voiceDowns().get(0).get("detail")).contains("no-such-card"),
                "the alert names the device: " + voiceDowns().get(0).get("detail"));
    }

    @Test
    void aLaneWhoseScannerIsLostButWhoseReaderServesAsksForTheIdCard() throws Exception {
        Path played = dir.resolve("played.raw");
        rig = voiceRig("default", played).withIdCardReader(100);
        try (IdCardEmulator reader = IdCardEmulator.start(rig.idCard, 115200)) {
            long mark = rig.logMark();
            rig.startDaemon();
            DaemonProcess.awaitLog(rig.log, mark, WAIT, "id-card reader up");
            scanUntil(GREEN_URL, "green");
            Await.until("the granted clip played", WAIT, () -> playedStartsWith(played, Prompt.GRANTED));

            rig.east.kill();
            Await.until("请刷身份证 played", WAIT, () -> playedStartsWith(played, Prompt.SHOW_ID_CARD));
            assertEquals(1, count(rig.logText(), "voice east: show_id_card started"), "said once: " + rig.logText());
        }
    }

    /**
     * Scans until an entry has {@code reason}: on a machine this loaded a first verify can overrun the budget and
     * be refused {@code status_unavailable}, which is not what these tests are about. Each scan waits for the relay
     * to rest, so that every pulse is an edge of its own, at once.
     */
    private void scanUntil(String code, String reason) throws Exception {
        for (int attempt = 1; attempt <= 5; attempt++) {
            Await.until("the relay at rest", WAIT, () -> !relayBusy());
            int before = rig.rows("entry").size();
            int pulses = relayOns().size();
            scan(rig.east, code);
            rig.awaitEntries(before + 1);
            Map<String, Object> entry = rig.rows("entry").get(before);
            if ("granted".equals(entry.get("result"))) {
                // The entry is committed before the relay moves.
                Await.until("the pulse", WAIT, () -> relayOns().size() > pulses);
            }
            if (reason.equals(entry.get("reason"))) {
                return;
            }
        }
        throw new AssertionError("no " + reason + " entry in 5 scans: " + rig.rows("entry"));
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    /** The rig with voice on through ALSA {@code device}, the ALSA configuration's default device a file. */
    private GateRig voiceRig(String device, Path played) throws Exception {
        Path alsa = dir.resolve("asound.conf");
        Files.writeString(alsa, """
                pcm.!default {
                    type file
                    slave.pcm { type null }
                    file "%s"
                    format "raw"
                }
                """.formatted(played));
        GateRig gate = new GateRig(dir, 0).environment("ALSA_CONFIG_PATH", alsa.toString());
        StringBuilder voice = new StringBuilder("\n[voice]\nenabled = true\ndevice = \"" + device + "\"\n");
        for (Prompt prompt : Prompt.values()) {
            voice.append("clips.").append(prompt.wireName()).append(" = \"").append(clip(prompt)).append("\"\n");
        }
        gate.extraToml(voice.toString());
        gate.register(GREEN_URL, HealthStatus.GREEN, "person-green");
        gate.register(RED_URL, HealthStatus.RED, "person-red");
        return gate;
    }

    private static Path clip(Prompt prompt) {
        return ProjectFiles.repository("config/voice/" + prompt.wireName() + ".wav");
    }

    /** aplay writes whole periods: the file holds the clip's samples, then at most a period of padding. */
    private static boolean playedStartsWith(Path played, Prompt prompt) {
        try {
            if (!Files.exists(played)) {
                return false;
            }
            byte[] pcm = Clip.read(clip(prompt)).pcm();
            byte[] bytes = Files.readAllBytes(played);
            return bytes.length >= pcm.length && Arrays.equals(pcm, Arrays.copyOf(bytes, pcm.length));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * More grants, each timed from the relay's ON line in the GPIO trace to aplay holding the clip's first bytes
     * (the daemon logs that moment on the trace's clock).
     */
    private void printStartDelays() throws Exception {
        for (int i = 0; i < TIMED_GRANTS; i++) {
            int startedBefore = startTimes().size();
            scanUntil(GREEN_URL, "green");
            Await.until("the prompt started", WAIT, () -> startTimes().size() > startedBefore);
        }
        List<Long> relays = relayOns();
        List<Long> starts = startTimes();
        assertEquals(relays.size(), starts.size(), "one granted prompt per pulse");
        long[] delaysUs = new long[relays.size()];
        for (int i = 0; i < delaysUs.length; i++) {
            delaysUs[i] = (starts.get(i) - relays.get(i)) / 1000;
        }
        Arrays.sort(delaysUs);
        System.out.printf("VoiceEndToEndTest: prompt start after the relay write (aplay, %d grants): median %d us, "
                + "max %d us, min %d us%n", delaysUs.length, delaysUs[delaysUs.length / 2],
                delaysUs[delaysUs.length - 1], delaysUs[0]);
    }

    private List<Long> relayOns() {
        try {
            return rig.trace().stream().filter(e -> e.pin() == GateRig.EAST_RELAY && e.active())
                    .map(GpioTrace.Event::tNanos).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Whether the relay is on, or off for less than the gap a relay keeps between two pulses (a pulse asked for
     * in it is queued). The trace's t_ns and this process's nanoTime are both the system's monotonic clock.
     */
    private boolean relayBusy() {
        try {
            List<GpioTrace.Event> relay = rig.trace().stream().filter(e -> e.pin() == GateRig.EAST_RELAY).toList();
            GpioTrace.Event last = relay.get(relay.size() - 1);
            return last.active() || System.nanoTime() - last.tNanos() < RELAY_GAP_NANOS;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<Long> startTimes() {
        List<Long> times = new ArrayList<>();
        Matcher m = STARTED.matcher(rig.logText());
        while (m.find()) {
            times.add(Long.parseLong(m.group(1)));
        }
        return times;
    }

    private List<String> results() {
        return rig.rows("entry").stream().map(e -> (String) e.get("result")).toList();
    }

    private List<Map<String, Object>> voiceDowns() {
        return rig.rows("alert").stream().filter(a -> "voice_down".equals(a.get("alert_type"))).toList();
    }
}
