package org.onedoor.terminal.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.onedoor.drivers.serial.Gm65Reply;
import org.onedoor.drivers.serial.ModuleException;
import org.onedoor.drivers.serial.SerialLink;
import org.onedoor.drivers.serial.SerialPortOpener;
import org.onedoor.terminal.config.TerminalConfig.Lane;

/**
 * One lane's scanner port: it opens at the configured baud rate, and a {@code gm65} module answers
 * a register read. The daemon holds its ports exclusively, so with the service running the port is
 * reported busy.
 */
final class SerialPortCheck implements Check {
    private final Lane lane;
    private final SerialPortOpener opener;

    SerialPortCheck(Lane lane, SerialPortOpener opener) {
        this.lane = lane;
        this.opener = opener;
    }

    @Override
    public String name() {
        return "scanner " + lane.name();
    }

    @Override
    public Finding run() {
        String port = lane.scanner().port();
        int baud = lane.scanner().baud();
        SerialLink link;
        try {
            link = opener.open(port, baud);
        } catch (IOException e) {
            return Finding.fail(name(), port + ": " + openFailure(port, e));
        }
        try (link) {
            if (lane.scanner().gm65().isEmpty()) {
                return Finding.ok(name(), port + " opens at " + baud + " baud (generic module: not queried)");
            }
            return queryGm65(link, port, baud);
        }
    }

    private Finding queryGm65(SerialLink link, String port, int baud) {
        try {
            Optional<Integer> status = Gm65Query.ask(link);
            if (status.isEmpty()) {
                return Finding.fail(name(), port + " opens, but no gm65 module answered within "
                        + Gm65Query.TIMEOUT.toMillis() + " ms (wiring, baud rate " + baud + ", or not a gm65?)");
            }
            if (status.get() != Gm65Reply.OK) {
                return Finding.fail(name(), port + ": the gm65 module refused a register read (status "
                        + String.format(Locale.ROOT, "0x%02X", status.get()) + ")");
            }
            return Finding.ok(name(), port + " opens at " + baud + " baud; gm65 module answers");
        } catch (ModuleException e) {
            return Finding.fail(name(), port + ": " + e.getMessage());
        } catch (IOException e) {
            return Finding.fail(name(), port + ": lost while querying the module: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Finding.fail(name(), port + ": interrupted");
        }
    }

    static String openFailure(String port, IOException e) {
        String message = String.valueOf(e.getMessage());
        if (!Files.exists(Path.of(port))) {
            return "no such device (scanner unplugged, or another name; see docs/serial.md)";
        }
        String upper = message.toUpperCase(Locale.ROOT);
        if (upper.contains("BUSY")) {
            return "in use by another process (the onedoor service? stop it before this check)";
        }
        if (upper.contains("PERMISSION")) {
            return "permission denied (is this user in the dialout group?)";
        }
        return message;
    }
}
