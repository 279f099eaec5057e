package org.onedoor.terminal.doctor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.onedoor.drivers.serial.JsscSerialPortOpener;
import org.onedoor.drivers.serial.SerialPortOpener;
import org.onedoor.terminal.config.ConfigException;
import org.onedoor.terminal.config.ConfigLoader;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.event.SystemClockSync;
import org.onedoor.terminal.ledger.Ledger;
import org.onedoor.terminal.status.StatusCache;

/**
 * Everything a technician needs to know on one screen: the configuration, then what it points at
 * (secrets, scanners, ID-card readers, GPIO, broker, health service, clock, disk, databases). The checks after the
 * configuration need a valid one, so an invalid configuration is the only finding.
 */
public final class Doctor {
    static final String CONFIG = "config";

    private Doctor() {
    }

    public static List<Finding> examine(Path configFile) {
        return examine(configFile, new JsscSerialPortOpener());
    }

    static List<Finding> examine(Path configFile, SerialPortOpener opener) {
        TerminalConfig config;
        try {
            config = ConfigLoader.load(configFile);
        } catch (ConfigException e) {
            return List.of(Finding.fail(CONFIG, String.join("; ", e.problems())));
        }
        List<Finding> findings = new ArrayList<>();
        findings.add(Finding.ok(CONFIG, config.source() + ": " + config.lanes().size() + " lane(s), "
                + config.profiles().size() + " code profile(s)"));
        for (Check check : checks(config, opener)) {
            findings.add(runSafely(check));
        }
        return findings;
    }

    private static List<Check> checks(TerminalConfig config, SerialPortOpener opener) {
        List<Check> checks = new ArrayList<>();
        checks.add(new SecretsCheck(config));
        config.lanes().forEach(lane -> checks.add(new SerialPortCheck(lane, opener)));
        config.lanes().forEach(lane -> lane.idCard().ifPresent(reader -> checks.add(new IdCardReaderCheck(lane, reader,
                opener))));
        checks.add(new GpioCheck(config.gpio()));
        if (config.voice().enabled()) {
            checks.add(new VoiceCheck(config.voice()));
        }
        checks.add(new BrokerCheck(config));
        checks.add(new HealthServiceCheck(config.health().url()));
        if (config.enrollment().isPresent()) {
            checks.add(new EnrollmentCheck(config));
        }
        checks.add(new ClockCheck(SystemClockSync.timesyncd()));
        Path dataDir = config.terminal().dataDir();
        checks.add(new DiskSpaceCheck(dataDir));
        checks.add(new DatabaseCheck("ledger", dataDir.resolve(Ledger.FILE_NAME)));
        checks.add(new DatabaseCheck("status cache", dataDir.resolve(StatusCache.FILE_NAME)));
        return checks;
    }

    /**
     * A check that breaks (a native library that cannot be unpacked, say, when the temporary
     * directory is not writable by this user) is a failure to report, not a reason to stop.
     */
    private static Finding runSafely(Check check) {
        try {
            return check.run();
        } catch (RuntimeException | LinkageError e) {
            return Finding.fail(check.name(), "check broke: " + e);
        }
    }

    /** {@code OK    scanner east     /dev/ttyUSB0 opens …}: verdict, check, detail, aligned. */
    public static String line(Finding finding) {
        return String.format(Locale.ROOT, "%-4s  %-16s %s", finding.verdict(), finding.check(), finding.detail());
    }

    public static boolean anyFailed(List<Finding> findings) {
        return findings.stream().anyMatch(f -> f.verdict() == Finding.Verdict.FAIL);
    }
}
