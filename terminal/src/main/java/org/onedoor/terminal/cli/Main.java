package org.onedoor.terminal.cli;

import org.onedoor.terminal.natives.SqliteNativeBuild;
import org.onedoor.terminal.report.SoftwareVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code onedoor} command line. */
@Command(name = "onedoor", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Firmware for health-code gate terminals.",
        subcommands = {RunCommand.class, DemoCommand.class, KeygenCommand.class, EnrollCommand.class, PosterCommand.class,
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
        return SoftwareVersion.current();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"onedoor " + version()};
        }
    }
}
