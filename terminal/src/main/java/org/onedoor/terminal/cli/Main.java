package org.onedoor.terminal.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.onedoor.terminal.natives.SqliteNativeBuild;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code onedoor} command line. */
@Command(name = "onedoor", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Firmware for health-code gate terminals.",
        subcommands = {RunCommand.class, DemoCommand.class, KeygenCommand.class, PosterCommand.class,
                VerifyCommand.class, TrustListCommand.class, CountyCommand.class, RiskListCommand.class,
                CommandCommand.class, DoctorCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** EX_CONFIG from sysexits.h: the unit file tells systemd not to restart into the same fault. */
    public static final int EXIT_CONFIG = 78;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        SqliteNativeBuild.choose(); // before any command opens a database
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static String version() {
        try (InputStream in = Main.class.getResourceAsStream("/org/onedoor/terminal/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"onedoor " + version()};
        }
    }
}
