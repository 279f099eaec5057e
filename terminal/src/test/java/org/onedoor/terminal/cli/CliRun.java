package org.onedoor.terminal.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code onedoor …} in this JVM for tests of other packages, with what it printed. */
public final class CliRun {
    /** The exit status and the text of picocli's out and err streams. */
    public record Result(int exit, String out, String err) {
    }

    private CliRun() {
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
