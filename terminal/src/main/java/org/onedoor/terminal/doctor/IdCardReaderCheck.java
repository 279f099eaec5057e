package org.onedoor.terminal.doctor;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.onedoor.drivers.idcard.SamProbe;
import org.onedoor.drivers.idcard.SamResponse;
import org.onedoor.drivers.serial.SerialLink;
import org.onedoor.drivers.serial.SerialPortOpener;
import org.onedoor.terminal.config.TerminalConfig.IdCard;
import org.onedoor.terminal.config.TerminalConfig.Lane;

/**
 * One lane's ID-card reader: its port opens and the module answers a find. Never a read: the doctor reads
 * nobody's card. With the service running the port is reported busy, as for the scanners.
 */
final class IdCardReaderCheck implements Check {
    static final Duration TIMEOUT = Duration.ofMillis(500);
    private final Lane lane;
    private final IdCard reader;
    private final SerialPortOpener opener;

    IdCardReaderCheck(Lane lane, IdCard reader, SerialPortOpener opener) {
        this.lane = lane;
        this.reader = reader;
        this.opener = opener;
    }

    @Override
    public String name() {
        return "idcard " + lane.name();
    }

    @Override
    public Finding run() {
        String port = reader.port();
        SerialLink link;
        try {
            link = opener.open(port, reader.baud());
        } catch (IOException e) {
            return Finding.fail(name(), port + ": " + SerialPortCheck.openFailure(port, e));
        }
        try (link) {
            Optional<Integer> status = SamProbe.find(link, TIMEOUT);
            if (status.isEmpty()) {
                return Finding.fail(name(), port + " opens, but no ID-card module answered within " + TIMEOUT.toMillis()
                        + " ms (wiring, baud rate " + reader.baud() + "?)");
            }
            return switch (status.get()) {
                case SamResponse.NO_CARD -> Finding.ok(name(), port + " opens at " + reader.baud()
                        + " baud; the module answers (no card)");
                case SamResponse.CARD_FOUND -> Finding.ok(name(), port + " opens at " + reader.baud()
                        + " baud; the module answers (a card lies on it: not read)");
                default -> Finding.fail(name(), port + ": the module answered status "
                        + String.format(Locale.ROOT, "0x%02X", status.get()));
            };
        } catch (IOException e) {
            return Finding.fail(name(), port + ": lost while asking the module: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Finding.fail(name(), port + ": interrupted");
        }
    }
}
