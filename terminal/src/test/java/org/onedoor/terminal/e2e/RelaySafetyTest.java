package org.onedoor.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.drivers.testing.GpioTrace;
import org.onedoor.terminal.status.HealthStatus;

/**
 * "Relays safe whatever happens", the crash half: the real daemon is SIGKILLed while its relay is
 * energised, which no shutdown hook sees. What makes the output safe again is, on the Pi, the unit's
 * stop hook reading the safe-lines file the daemon wrote, and in any case the next start, which
 * drives every output safe before anything else.
 */
class RelaySafetyTest {
    /** Long enough that the kill surely lands inside the pulse, however loaded the machine is. */
    private static final int LONG_PULSE_MS = 5_000;
    private static final String GREEN_BADGE = "CB:RELAYSAFE0001";
    private static final String RED_BADGE = "CB:RELAYSAFE0002";
    private static final Path HOOK = Path.of("..", "systemd", "release-lines").toAbsolutePath().normalize();
    /** Every output of GateRig's configuration, and the physical level that makes it safe. */
    private static final Map<Integer, Integer> SAFE_LEVELS = Map.of(GateRig.EAST_RELAY, 1 /* active-low */,
            GateRig.EAST_GREEN, 0, GateRig.EAST_RED, 0, GateRig.EAST_AMBER, 0, 24, 0, GateRig.EXIT_RELAY, 0, 6, 0, 13, 0);

    @TempDir
    Path dir;

    @Test
    void aDaemonKilledMidPulseLeavesEveryOutputSafeAfterRestart() throws Exception {
        try (GateRig rig = new GateRig(dir, 0, LONG_PULSE_MS)) {
            rig.register(GREEN_BADGE, HealthStatus.GREEN, "unused");
            rig.register(RED_BADGE, HealthStatus.RED, "unused");
            rig.startDaemon();

            GateRig.scan(rig.east, GREEN_BADGE);
            Await.until("the east relay energised", Duration.ofSeconds(20), () -> lastState(rig, GateRig.EAST_RELAY) == 1);
            rig.killDaemon();
            assertEquals(1, lastState(rig, GateRig.EAST_RELAY), "killed mid-pulse: the relay's last move was on");
            assertEquals(1, rig.rows("entry").size(), "the grant was recorded before the relay moved");
            int eventsBeforeRestart = rig.trace().size();

            rig.startDaemon();
            List<GpioTrace.Event> restart = rig.trace().subList(eventsBeforeRestart, rig.trace().size());
            assertFirstMoveIsSafe(restart);
            // A refusal after the restart marks a point the daemon has surely passed; until then no relay moves.
            GateRig.scan(rig.east, RED_BADGE);
            rig.awaitEntries(2);
            Await.until("the red lamp for the refusal", Duration.ofSeconds(10),
                    () -> lastState(rig, GateRig.EAST_RED) == 1);
            List<GpioTrace.Event> since = rig.trace().subList(eventsBeforeRestart, rig.trace().size());
            assertTrue(since.stream().noneMatch(e -> isRelay(e.pin()) && e.active()),
                    "no relay moved after the restart: " + since);
            assertEquals(0, lastState(rig, GateRig.EAST_RELAY), "the east relay is released now");
            assertEquals(0, lastState(rig, GateRig.EXIT_RELAY), "the exit relay is released now");
            System.out.printf("relay safety: restart drove %d outputs safe in its first %d trace lines%n",
                    SAFE_LEVELS.size(), restart.size());
        }
    }

    /**
     * The stop hook's input comes from the daemon itself, written before any hardware is touched: here
     * a daemon configured for the Pi's gpiod provider writes it, then is killed (or finds no GPIO chip
     * on this machine and exits), and the hook, with gpioset and gpiodetect stand-ins that record their
     * arguments, sets exactly the safe level of every output the configuration names.
     */
    @Test
    void theStopHookDrivesEveryOutputOfTheKilledDaemonToItsSafeLevel() throws Exception {
        try (GateRig rig = new GateRig(dir, 0, LONG_PULSE_MS)) {
            Path config = rig.writeConfig();
            Files.writeString(config, Files.readString(config).replace("provider = \"simulated\"", "provider = \"gpiod\"")
                    .replace("trace_file = \"gpio-trace.jsonl\"", ""));
            Path safeLines = rig.runtimeDir.resolve("safe-lines");
            Process daemon = rig.launch(config);
            try {
                Await.until("the safe-lines file", Duration.ofSeconds(30),
                        () -> Files.exists(safeLines) || !daemon.isAlive());
            } finally {
                daemon.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }

            assertTrue(Files.exists(safeLines), "no safe-lines file; the daemon said: " + rig.logText());
            List<String> calls = runHook(safeLines);

            Map<Integer, Integer> set = new LinkedHashMap<>();
            for (String call : calls) {
                String[] chipAndLine = call.split(" ");
                assertEquals("gpiochip4", chipAndLine[0], "the Pi's controller, found by its label: " + call);
                String[] lineAndLevel = chipAndLine[1].split("=");
                set.put(Integer.parseInt(lineAndLevel[0]), Integer.parseInt(lineAndLevel[1]));
            }
            assertEquals(SAFE_LEVELS.size(), calls.size(), "one gpioset per output: " + calls);
            assertEquals(SAFE_LEVELS, set);
        }
    }

    private static void assertFirstMoveIsSafe(List<GpioTrace.Event> restart) {
        for (int pin : SAFE_LEVELS.keySet()) {
            GpioTrace.Event first = restart.stream().filter(e -> e.pin() == pin).findFirst()
                    .orElseThrow(() -> new AssertionError("pin " + pin + " not driven at the restart: " + restart));
            assertEquals(0, first.state(), "the restart's first move on pin " + pin + " is to its safe state");
        }
    }

    private static boolean isRelay(int pin) {
        return pin == GateRig.EAST_RELAY || pin == GateRig.EXIT_RELAY;
    }

    private static int lastState(GateRig rig, int pin) {
        try {
            List<GpioTrace.Event> events = rig.trace().stream().filter(e -> e.pin() == pin).toList();
            return events.isEmpty() ? -1 : events.get(events.size() - 1).state();
        } catch (IOException e) {
            return -1; // a line being written; the next poll reads it whole
        }
    }

    /** Runs the unit's hook as systemd would after the daemon ended; returns gpioset's recorded arguments. */
    private List<String> runHook(Path safeLines) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path calls = dir.resolve("gpioset.calls");
        Files.writeString(calls, "");
        script(bin.resolve("gpioset"), "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'gpioset (libgpiod) v1.6.3';"
                + " exit 0; fi\necho \"$*\" >> '" + calls + "'\n");
        script(bin.resolve("gpiodetect"), "#!/bin/sh\nprintf 'gpiochip0 [gpio-brcmstb@107d508500] (32 lines)\\n"
                + "gpiochip4 [pinctrl-rp1] (54 lines)\\n'\n");
        ProcessBuilder hook = new ProcessBuilder("sh", HOOK.toString(), safeLines.toString()).redirectErrorStream(true);
        hook.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process p = hook.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "release-lines finished");
        assertEquals(0, p.exitValue(), output);
        return Files.readAllLines(calls);
    }

    private static void script(Path path, String text) throws IOException {
        Files.writeString(path, text);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
