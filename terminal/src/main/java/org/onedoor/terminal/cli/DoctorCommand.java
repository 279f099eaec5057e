package org.onedoor.terminal.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.onedoor.terminal.doctor.Doctor;
import org.onedoor.terminal.doctor.Finding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** One screen on what is wrong with a terminal. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check the configuration and everything it points at: secrets, scanner ports, GPIO, "
                + "broker, health service, clock, disk space, databases.",
                "One line per check (OK, WARN or FAIL); exits 1 if any check fails.",
                "Run it as the service's user (sudo -u onedoor onedoor doctor) to see what the service may access; "
                        + "stop the service first to check its scanner ports."})
final class DoctorCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, defaultValue = "/etc/onedoor/onedoor.toml",
            description = "The configuration file (default ${DEFAULT-VALUE}).")
    Path config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<Finding> findings = Doctor.examine(config);
        PrintWriter out = spec.commandLine().getOut();
        findings.forEach(f -> out.println(Doctor.line(f)));
        out.flush();
        return Doctor.anyFailed(findings) ? 1 : 0;
    }
}
