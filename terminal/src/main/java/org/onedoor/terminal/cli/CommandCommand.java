package org.onedoor.terminal.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.onedoor.terminal.command.CommandKeys;
import org.onedoor.terminal.command.CommandSigner;
import org.onedoor.terminal.command.CommandSyntax;
import org.onedoor.terminal.command.CommandVerifier;
import org.onedoor.terminal.command.InvalidCommandException;
import org.onedoor.terminal.command.Target;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code onedoor command}: the county's side of signed remote commands (docs/commands.md). */
@Command(name = "command", mixinStandardHelpOptions = true,
        description = "Make the county's command key and sign commands for terminals (docs/commands.md).",
        subcommands = {CommandCommand.Keygen.class, CommandCommand.Sign.class})
final class CommandCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = "Write a new command key pair: command.key (secret, mode 0600) and command.pub.")
    static final class Keygen implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the two files.")
        Path dir;

        @Override
        public Integer call() throws IOException {
            String publicKey;
            try {
                publicKey = CommandKeys.generate(dir);
            } catch (FileAlreadyExistsException e) {
                spec.commandLine().getErr().println("onedoor: " + e.getFile()
                        + " exists; a new key would void every terminal's configured one, so nothing was written");
                return 1;
            }
            var out = spec.commandLine().getOut();
            out.println("wrote " + dir.resolve(CommandKeys.PRIVATE_FILE) + " (the county's secret: keep it off the terminals)");
            out.println("wrote " + dir.resolve(CommandKeys.PUBLIC_FILE));
            out.println("For [commands] public_key in each terminal's configuration:");
            out.println(publicKey);
            return 0;
        }
    }

    @Command(name = "sign", mixinStandardHelpOptions = true,
            description = {"Print a signed command, ready to publish on {topic_root}/{county}/{venue}/{terminal}/cmd/NAME "
                    + "at QoS 1 and never retained.",
                    "Commands: open lane=L reason=TEXT | mode mode=M | reload | replay from_seq=N to_seq=N | status"})
    static final class Sign implements Callable<Integer> {
        private static final Pattern TTL = Pattern.compile("([0-9]{1,6})(s|m)?");

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "The county's command.key.")
        Path keyFile;

        @Option(names = "--county", required = true, description = "The terminal's 6-digit county code.")
        String county;

        @Option(names = "--venue", required = true, description = "The terminal's venue id.")
        String venue;

        @Option(names = "--terminal", required = true, description = "The terminal's id.")
        String terminal;

        @Option(names = "--ttl", defaultValue = "60s", paramLabel = "DURATION",
                description = "How long the command stays usable: 90s, 5m, at most 10m (default ${DEFAULT-VALUE}).")
        String ttl;

        @Parameters(index = "0", paramLabel = "NAME", description = "open, mode, reload, replay or status.")
        String name;

        @Parameters(index = "1..*", paramLabel = "ARG=VALUE", description = "The command's arguments.")
        List<String> arguments = List.of();

        @Override
        public Integer call() {
            org.onedoor.terminal.command.Command command;
            Target target;
            Duration lifetime = lifetime();
            try {
                command = CommandSyntax.fromText(name, arguments());
                target = new Target(county, venue, terminal);
            } catch (InvalidCommandException | IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            PrivateKey key;
            try {
                key = CommandKeys.readPrivateKey(keyFile);
            } catch (IOException e) {
                spec.commandLine().getErr().println("onedoor: cannot read the command key: " + e.getMessage());
                return 1;
            }
            if (SecretKeyFiles.refused(keyFile, spec.commandLine().getErr())) {
                return 1;
            }
            byte[] json = new CommandSigner(key, Clock.systemUTC()).sign(target, lifetime, command);
            spec.commandLine().getOut().println(new String(json, StandardCharsets.UTF_8));
            return 0;
        }

        private Duration lifetime() {
            Matcher m = TTL.matcher(ttl);
            if (!m.matches()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--ttl must be seconds or minutes, such as 60s or 5m");
            }
            Duration d = "m".equals(m.group(2)) ? Duration.ofMinutes(Long.parseLong(m.group(1)))
                    : Duration.ofSeconds(Long.parseLong(m.group(1)));
            if (d.isZero() || d.compareTo(CommandVerifier.MAX_LIFETIME) > 0) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--ttl must be from 1s to 10m: a terminal refuses longer-lived commands");
            }
            return d;
        }

        private Map<String, String> arguments() {
            Map<String, String> m = new LinkedHashMap<>();
            for (String word : arguments) {
                int eq = word.indexOf('=');
                if (eq < 1 || m.put(word.substring(0, eq), word.substring(eq + 1)) != null) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "arguments are ARG=VALUE, each argument once, such as lane=east");
                }
            }
            return m;
        }
    }
}
