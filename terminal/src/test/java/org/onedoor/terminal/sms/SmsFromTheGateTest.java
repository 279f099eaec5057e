package org.onedoor.terminal.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.drivers.testing.ModemEmulator;
import org.onedoor.drivers.testing.PtyPair;
import org.onedoor.drivers.testing.SubmitPduReader;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.daemon.Daemon;
import org.onedoor.terminal.standin.StandInHealthService;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.testing.InProcessGate;

/** A red code at the gate reaches the administrator's phone through a modem on a real pty, and is recorded. */
class SmsFromTheGateTest {
    @TempDir
    Path dir;

    @Test
    void aRedCodeIsTextedInChineseAndTheSendingRecorded() throws Exception {
        try (PtyPair pty = PtyPair.open(dir);
             ModemEmulator modem = ModemEmulator.start(pty);
             StandInHealthService service = new StandInHealthService(0, Optional.empty())) {
            service.register("CB:RED000000001", HealthStatus.RED, "red-holder", Duration.ofHours(1));
            service.start();
            InProcessGate gate = new InProcessGate().healthService(service.port()).sms(new TerminalConfig.Sms(
                    pty.devicePath().toString(), 115_200, List.of(MobileNumber.parse("13800138000")), Set.of("red_code"), 10, 3,
                    Duration.ofSeconds(1), 32));
            try (Daemon daemon = gate.start(dir, null, false)) {
                gate.scanner().inject("CB:RED000000001".getBytes(StandardCharsets.US_ASCII));
                Await.until("the modem got the text", Duration.ofSeconds(20), () -> modem.pdus().size() == 1);
                SubmitPduReader.Submit text = SubmitPduReader.read(modem.pdus().get(0));
                assertTrue(text.text().contains("东门") && text.text().contains("红码"), text.text());
                assertEquals("8613800138000", text.number().replace("+", ""));
                Await.until("the sending is recorded", Duration.ofSeconds(20), () -> daemon.ledger().range(1, 100)
                        .stream().anyMatch(m -> new String(m.payload(), StandardCharsets.UTF_8).contains("\"sms_sent\"")));
            }
        }
    }
}
