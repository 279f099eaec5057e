import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import org.onedoor.terminal.standin.StandInHealthService;

/**
 * The stand-in health service in a process of its own, for .ci/arm-check: the terminal under
 * emulation asks it on 127.0.0.1, as a terminal asks the county's service over the network, so the
 * service itself runs at native speed and only the terminal is emulated.
 *
 * <p>Usage: {@code java -cp onedoor.jar StandIn.java REGISTRY.json DELAY_MS PORT_FILE}; the port is
 * written to PORT_FILE once the service answers. Runs until killed.
 */
public final class StandIn {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: StandIn REGISTRY.json DELAY_MS PORT_FILE");
            System.exit(64);
        }
        StandInHealthService service = StandInHealthService.fromFile(Path.of(args[0]), 0, Optional.empty());
        service.setDelay(Duration.ofMillis(Long.parseLong(args[1])));
        service.start();
        Path portFile = Path.of(args[2]);
        Path partial = Path.of(args[2] + ".partial");
        Files.writeString(partial, service.port() + "\n");
        Files.move(partial, portFile, StandardCopyOption.ATOMIC_MOVE);
        Thread.currentThread().join();
    }
}
