package org.onedoor.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line builds only the subcommand it runs, and still shows every command where a person looks. */
class MainTest {
    private static final List<String> ALL = List.of("run", "demo", "keygen", "enroll", "poster", "verify",
            "trustlist", "county", "risklist", "command", "doctor", "help");

    @Test
    void aNamedSubcommandIsTheOnlyOneBuilt() {
        assertEquals(Set.of("run"), Main.commandLine("run").getSubcommands().keySet());
        assertEquals(Set.of("county"), Main.commandLine("county").getSubcommands().keySet());
    }

    @Test
    void withoutASubcommandOrWithAnUnknownOneEveryCommandIsThereInOrder() {
        assertEquals(ALL, List.copyOf(Main.commandLine("").getSubcommands().keySet()));
        assertEquals(ALL, List.copyOf(Main.commandLine("--help").getSubcommands().keySet()));
        assertEquals(ALL, List.copyOf(Main.commandLine("rnu").getSubcommands().keySet()));
    }

    @Test
    void aMistypedCommandIsAUsageErrorThatListsTheCommands() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine("rnu").setErr(new PrintWriter(err, true));

        assertEquals(2, cli.execute("rnu"));
        assertTrue(err.toString().contains("Unmatched argument"), err.toString());
        assertTrue(err.toString().contains("run"), err.toString());
    }

    @Test
    void aSubcommandsUsageNamesItUnderOnedoor() {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine("run").setOut(new PrintWriter(out, true));

        assertEquals(0, cli.execute("run", "--help"));
        assertTrue(out.toString().startsWith("Usage: onedoor run"), out.toString());
    }
}
