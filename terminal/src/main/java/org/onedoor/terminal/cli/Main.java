package org.onedoor.terminal.cli;

import java.util.List;
import org.onedoor.terminal.natives.SqliteNativeBuild;
import org.onedoor.terminal.natives.SqliteNativeCache;
import org.onedoor.terminal.report.SoftwareVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code onedoor} command line. */
@Command(name = "onedoor", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Firmware for health-code gate terminals.")
public final class Main implements Runnable {
    /** EX_CONFIG from sysexits.h: the unit file tells systemd not to restart into the same fault. */
    public static final int EXIT_CONFIG = 78;

    /** In the order the usage lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(RunCommand.class, DemoCommand.class,
            KeygenCommand.class, EnrollCommand.class, PosterCommand.class, VerifyCommand.class,
            TrustListCommand.class, CountyCommand.class, RiskListCommand.class, CommandCommand.class,
            DoctorCommand.class, CommandLine.HelpCommand.class);

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        SqliteNativeBuild.choose(); // before any command opens a database
        SqliteNativeCache.use();
        System.exit(commandLine(args.length > 0 ? args[0] : "").execute(args));
    }

    static CommandLine commandLine() {
        return commandLine("");
    }

    /**
     * The command line with only the subcommand named {@code first} when there is one by that name, or
     * with all of them (for the usage, help and a mistyped name). picocli reads every option of every
     * command it is given by reflection: for the whole tree that took 0.2 s of the service's start.
     */
    static CommandLine commandLine(String first) {
        CommandLine cli = new CommandLine(new Main());
        List<Class<?>> named = SUBCOMMANDS.stream()
                .filter(c -> c.getAnnotation(Command.class).name().equals(first)).toList();
        (named.isEmpty() ? SUBCOMMANDS : named).forEach(cli::addSubcommand);
        return cli;
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
